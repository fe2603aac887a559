/* Material's search, as owners use it on phones: the query box in, a search for whatever text arrives out, asked
   through assets/javascripts/workers/search-words.js. Runs after Material's #__config, before its bundle.

   Material 9.8.1 reads the query on keyup only (watchSearchQuery in components/search/query/index.ts): text
   that arrives with no key (pasted, an IME's or WeChat's keyboard committing a word, autofill) showed "type to
   start searching" and nothing. A keyup is sent to the box for each input outside a composition and at a
   composition's end, so Material reads the box then; it searches a value once (distinctUntilChanged), so a
   real key's own keyup searches nothing twice, and pinyin being composed is never searched by this script. */
(function () {
  "use strict";

  /* Point Material at the worker that cuts Chinese as the index does; it loads Material's worker itself. */
  var config = document.getElementById("__config");
  var script = document.currentScript;
  if (config && script) {
    var settings = JSON.parse(config.textContent);
    if (settings.search) {
      var worker = new URL("workers/search-words.js", script.src);
      worker.searchParams.set("material", new URL(settings.search, document.baseURI).href);
      settings.search = worker.href;
      config.textContent = JSON.stringify(settings);
    }
  }

  var query = document.querySelector("[data-md-component=search-query]");
  if (!query) return;
  var composing = false;

  function search() {
    query.dispatchEvent(new KeyboardEvent("keyup"));
  }

  query.addEventListener("compositionstart", function () { composing = true; });
  query.addEventListener("compositionend", function () { composing = false; search(); });
  query.addEventListener("input", function (event) {
    if (!composing && !event.isComposing) search();
  });
})();
