/* Material's search worker, asked in the index's own words: a query in, the same query with its Chinese cut
   into the words the index holds out; Material's worker (loaded below, unchanged) then searches it.

   The build segments Chinese with jieba and writes each word between zero-width spaces, so the index holds
   装修, not 装 and 修. Material 9.8.1 segments a query's Chinese again in the worker (Search.search in
   integrations/search/_/index.ts, with `segment` in query/segment/index.ts), but its loop never tries a word
   that ends the query: 装修 is searched as 装*, and a page that mentions 装 alone outranks the page about 装修.
   Here each run of Chinese is cut as the index cut the same characters where it holds them (蓮|花花|園, as
   jieba wrote it), else into the index's words (fewest unknown characters, then fewest words, then fewest
   one-character words; the last may be the start of a word, as people type). Each word is written with its
   characters escaped (装\修): Material's segmenter leaves single characters alone and lunr's query parser
   drops the escapes, so lunr searches 装修*. Nothing but the text of a QUERY message is changed.
   assets/javascripts/search.js points the page at this worker, with Material's own worker in `material`. */
"use strict";

var SETUP = 0, QUERY = 2;  // Material's SearchMessageType (integrations/search/worker/message)
var HAN = /\p{sc=Han}+/gu;
var ZWSP = "\u200b";
var corpus = "";           // the index's text, each field starting at a word boundary
var words = new Set();     // every Chinese word of the index
var starts = new Set();    // every start of one (装 and 装修 of 装修费)

/* Keep the index's text and collect its Chinese words. */
function readIndex(docs) {
  var fields = [];
  words = new Set();
  starts = new Set();
  docs.forEach(function (doc) {
    [doc.title, doc.text].concat(doc.tags || []).forEach(function (field) {
      fields.push(ZWSP + String(field || ""));
      (String(field || "").match(HAN) || []).forEach(function (word) {
        if (words.has(word)) return;
        words.add(word);
        for (var end = 1; end <= word.length; end++) starts.add(word.slice(0, end));
      });
    });
  });
  corpus = fields.join("\n");
}

/* Return a run of Chinese as the index's words. */
function cut(run) {
  return asIndexed(run) || intoWords(run);
}

/* Return the run cut as the index most often cut the same characters (from a word's start), or null. */
function asIndexed(run) {
  var pattern = new RegExp(ZWSP + Array.from(run).join(ZWSP + "?"), "gu");
  var counts = new Map(), match;
  while ((match = pattern.exec(corpus)) !== null) {
    counts.set(match[0].slice(1), (counts.get(match[0].slice(1)) || 0) + 1);
  }
  var best = null;
  counts.forEach(function (count, cuts) {
    if (!best || count > counts.get(best) || (count === counts.get(best) && cuts.length < best.length)) best = cuts;
  });
  return best && best.split(ZWSP);
}

/* Return the run cut into the index's words; characters no word holds stay together. */
function intoWords(run) {
  var chars = Array.from(run), n = chars.length;
  // best[i]: the cheapest cut of the first i characters, with its cost [unknown, words, one-character words].
  var best = [{ cost: [0, 0, 0], words: [] }];
  for (var end = 1; end <= n; end++) {
    for (var start = 0; start < end; start++) {
      var word = chars.slice(start, end).join("");
      var known = words.has(word) || (end === n && starts.has(word));
      if (!known && end - start > 1) continue;
      var cost = best[start].cost;
      var option = { cost: [cost[0] + (known ? 0 : 1), cost[1] + 1, cost[2] + (end - start === 1 ? 1 : 0)],
                     words: best[start].words.concat([{ text: word, known: known }]) };
      if (!best[end] || cheaper(option.cost, best[end].cost)) best[end] = option;
    }
  }
  return best[n].words.reduce(function (joined, word) {
    var last = joined[joined.length - 1];
    if (last && !last.known && !word.known) last.text += word.text;  // 游泳池, if no page holds it, stays one
    else joined.push({ text: word.text, known: word.known });
    return joined;
  }, []).map(function (word) { return word.text; });
}

function cheaper(a, b) {
  for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/* Return the query with each run of Chinese as index words, escaped, apart from letters and digits beside it. */
function segmentQuery(query) {
  return query.replace(HAN, function (run, offset) {
    var text = cut(run).map(function (word) { return Array.from(word).join("\\"); }).join(" ");
    var before = query.charAt(offset - 1), after = query.charAt(offset + run.length);
    return (/[A-Za-z0-9]/.test(before) ? " " : "") + text + (/[A-Za-z0-9]/.test(after) ? " " : "");
  });
}

// Registered before Material's worker, so this listener sees each message first.
addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) readIndex(message.data.docs);
  else if (message.type === QUERY && typeof message.data === "string") message.data = segmentQuery(message.data);
});

importScripts(new URL(location.href).searchParams.get("material"));
