/* The fees page's calculator: reads its form, computes with HandbookFees (fees.js), shows the lines as a notice
   would (name, computation, period, amount), the totals per desk and what the developer pays. Every word comes
   from the catalogue (the form's data-labels); nothing leaves the page. */
(function () {
  "use strict";

  var form = document.getElementById("fee-calculator");
  if (!form || !window.HandbookFees) return;
  var rules = JSON.parse(form.dataset.rules);
  var labels = JSON.parse(form.dataset.labels);
  var symbol = form.dataset.symbol;
  var digits = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var count = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });
  var longDate = new Intl.DateTimeFormat(form.dataset.lang, { year: "numeric", month: "long", day: "numeric",
                                                              timeZone: "UTC" });

  /* A label is a text, or a plural message: its forms by CLDR category, chosen by the number in its parameter
     `by` (handbook/i18n/messages.py). */
  function t(key, params) {
    var text = labels[key] || key;
    if (typeof text === "object") text = text.forms[pluralCategory(params[text.by])] || text.forms.other;
    return text.replace(/\{(\w+)\}/g, function (_, name) { return params[name]; });
  }

  /* The CLDR plural category of a number as printed ("1,200", "72.3"): its decimals count, as they do in Babel,
     so 1.0 is "other" in English. */
  function pluralCategory(number) {
    var printed = String(number).replace(/,/g, "");
    var decimals = (printed.split(".")[1] || "").length;
    return new Intl.PluralRules(form.dataset.lang, { minimumFractionDigits: decimals }).select(Number(printed));
  }

  function money(cents) {
    var whole = cents / 100n, rest = cents % 100n;
    return symbol + digits.format(Number(whole) + Number(rest) / 100);
  }

  function date(day) {
    return longDate.format(new Date(Date.UTC(day.year, day.month - 1, day.day)));
  }

  function lineName(line) {
    var key = "label.fee_line." + line.id.replace(".", "_") + (line.refused ? "_refused" : "");
    return labels[key] ? t(key, { name: line.name || "" }) : line.name;
  }

  /* How a line was computed, as a notice prints it: 72.3 平方米 × ¥2.85 = ¥206.06/月 × 3 个月. */
  function computation(line) {
    var text = t("label.quantity." + line.quantity_unit, { count: count.format(Number(line.quantity)) }) + " × " +
      symbol + digits.format(Number(line.unit_price));
    if (line.monthly != null && line.period) {
      text += " = " + t("label.monthly_amount", { amount: money(line.monthly) }) + " × " +
        t("label.months", { count: line.period.months });
    }
    return text;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function unitFromForm() {
    var data = new FormData(form);
    var household = data.get("household_type");
    var alone = household === "parking";
    var parking = (data.get("parking") || "none").split(":");
    var area = (data.get("area_m2") || "").trim();
    return {
      area_m2: /^\d+(\.\d{1,2})?$/.test(area) && Number(area) > 0 ? area : null,
      property_type: alone ? null : data.get("property_type"),
      household_type: household,
      move_in_date: data.get("move_in_date") || form.dataset.defaultDate,
      phase: data.get("phase") || (Object.keys(rules.phases).length === 1 ? Object.keys(rules.phases)[0] : null),
      parking: parking[0], parking_type: parking[1] || null,
      extra_cards: Math.max(0, Math.min(20, parseInt(data.get("extra_cards"), 10) || 0)),
      refuses_prepayment: data.get("refuses_prepayment") === "on",
      options: data.getAll("options")
    };
  }

  function show() {
    var unit = unitFromForm();
    var result = document.getElementById("fc-result");
    // An optional item the chosen unit may not take (a tenant and the title agency) cannot be ticked.
    form.querySelectorAll("input[name='options']").forEach(function (box) {
      var item = rules.items.filter(function (candidate) { return candidate.id === box.value; })[0];
      box.disabled = !HandbookFees.inScope(item, unit);
      if (box.disabled) box.checked = false;
    });
    unit.options = unit.options.filter(function (id) {
      return !form.querySelector("input[name='options'][value='" + id + "']").disabled;
    });
    result.replaceChildren();
    form.elements.property_type.disabled = unit.household_type === "parking";
    if (unit.household_type === "parking" && unit.parking === "none") {
      result.append(element("p", "warning", labels["label.calc.space_needed"]));
      return;
    }
    if (unit.area_m2 == null && unit.household_type !== "parking") {
      result.append(element("p", "warning", labels["label.calc.area_needed"]));
      return;
    }
    var statement;
    try {
      statement = HandbookFees.statement(rules, unit);
    } catch (error) {
      result.append(element("p", "warning", labels["label.calc.area_needed"]));
      return;
    }
    result.append(element("p", null, labels["label.billing_start"] + labels["punct.colon"] +
                                   date(statement.billing_start)));
    var list = element("ul", "fee-lines");
    statement.lines.filter(function (line) { return line.payer === "owner"; }).forEach(function (line) {
      var item = element("li");
      item.append(element("strong", null, lineName(line) + labels["punct.colon"] + money(line.amount)));
      item.append(element("span", "computation", computation(line) + (line.period
        ? labels["punct.open"] + t("label.date_range", { start: date(line.period.start), end: date(line.period.end) }) +
          labels["punct.close"] : "")));
      if (line.option) item.append(element("span", "computation", t("label.you_asked_for", { option: line.option })));
      list.append(item);
    });
    result.append(list);
    result.append(element("p", "total", labels["label.owner_total"] + labels["punct.colon"] +
                                         money(HandbookFees.total(statement.lines, "owner", null))));
    ["property_company", "developer"].forEach(function (collector) {
      var part = HandbookFees.total(statement.lines, "owner", collector);
      if (part > 0n) {
        result.append(element("p", null, t("label.collected_by", { collector: labels["label.collector." + collector] }) +
                                         labels["punct.colon"] + money(part)));
      }
    });
    statement.month_by_month.forEach(function (bill) {
      result.append(element("p", "note", t("label.month_by_month", {
        fee: labels["label.monthly_fee." + bill.fee], name: bill.name, amount: money(bill.monthly), date: date(bill.next_due)
      })));
    });
    var paid = statement.lines.filter(function (line) { return line.payer === "developer"; });
    if (paid.length) {
      result.append(element("p", "note", labels["label.paid_by_developer"] + paid.map(function (line) {
        return lineName(line) + " " + money(line.amount);
      }).join(labels["punct.list"])));
    }
  }

  form.addEventListener("input", show);
  form.addEventListener("change", show);
  form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
  form.hidden = false;
  show();
})();
