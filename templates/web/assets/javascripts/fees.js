/* The fee engine of handbook/derive/fees.py, for the fee calculator on the owner site.

   The same rules, in the same order, on the same data: the rules come from
   the project (handbook/derive/fee_data.py writes them), a unit comes from
   the calculator's form. Money is exact: every amount is a decimal string
   read into whole units of its own scale (BigInt), and every line rounds
   half up to the cent once, as round_money does; a monthly line rounds its
   monthly amount, then multiplies it by whole months. Dates are plain
   year/month/day numbers (no time zones). No personal data, no network.
   tests/browser/test_fee_calculator.py checks it against the Python engine
   on thousands of random cases. */
(function (root) {
  "use strict";

  var MONTHLY_FEES = ["management", "parking_service", "parking_rent"];
  var COLLECTORS = ["property_company", "developer"];

  /* Decimal strings ("2.85", "88.10", "0") as [BigInt digits, scale]. */
  function decimal(text) {
    var parts = String(text).split(".");
    var fraction = parts[1] || "";
    return [BigInt(parts[0] + fraction), fraction.length];
  }

  /* Return round-half-up cents of a product of decimals (all non-negative), as a BigInt. */
  function centsOf() {
    var digits = 1n, scale = 0;
    for (var i = 0; i < arguments.length; i++) {
      var d = decimal(arguments[i]);
      digits *= d[0];
      scale += d[1];
    }
    if (scale <= 2) return digits * 10n ** BigInt(2 - scale);
    var unit = 10n ** BigInt(scale - 2);
    return (digits + unit / 2n) / unit;
  }

  function monthLength(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();  // month is 1-12: day 0 of the next month
  }

  function addMonths(day, months) {
    var index = day.month - 1 + months;
    var year = day.year + Math.floor(index / 12), month = ((index % 12) + 12) % 12 + 1;  // -1 is December
    return { year: year, month: month, day: Math.min(day.day, monthLength(year, month)) };
  }

  function dayBefore(day) {
    if (day.day > 1) return { year: day.year, month: day.month, day: day.day - 1 };
    var previous = addMonths({ year: day.year, month: day.month, day: 1 }, -1);
    return { year: previous.year, month: previous.month, day: monthLength(previous.year, previous.month) };
  }

  function parseDate(text) {
    var parts = text.split("-").map(Number);
    return { year: parts[0], month: parts[1], day: parts[2] };
  }

  function iso(day) {
    return String(day.year).padStart(4, "0") + "-" + String(day.month).padStart(2, "0") + "-" +
      String(day.day).padStart(2, "0");
  }

  /* §4(2)2: moving in on the 1st-15th starts billing on the 15th, later on the 1st of the next month. */
  function billingStart(moveIn) {
    if (moveIn.day <= 15) return { year: moveIn.year, month: moveIn.month, day: 15 };
    return addMonths({ year: moveIn.year, month: moveIn.month, day: 1 }, 1);
  }

  function period(start, months) {
    return { start: start, end: dayBefore(addMonths(start, months)), months: months };
  }

  function developerMonths(rules, unit, fee) {
    var own = unit.phase != null && rules.phases[unit.phase] ? rules.phases[unit.phase][fee] : null;
    var months = own != null ? own : rules.developer_months[fee];
    return months || 0;
  }

  /* The months an owner pays at move-in: the prepayment, or what refusing it collects. */
  function ownerMonths(terms, unit, developer) {
    if (!(unit.refuses_prepayment && terms.refusable)) return terms.months;
    if (terms.refusal_collects === "first_month" && developer === 0) return Math.min(terms.months, 1);
    return 0;
  }

  function monthlyLines(rules, unit, start, fee, group, name, quantity, quantityUnit, price, bills) {
    var developer = developerMonths(rules, unit, fee);
    var terms = rules.prepayment[fee];
    var owner = ownerMonths(terms, unit, developer);
    var refused = Boolean(unit.refuses_prepayment && terms.refusable);
    var monthly = centsOf(quantity, price);
    if (refused) bills.push({ fee: fee, name: name, monthly: monthly, next_due: addMonths(start, developer + owner) });
    var spans = [["developer", period(start, developer)], ["owner", period(addMonths(start, developer), owner)]];
    return spans.filter(function (span) { return span[1].months > 0; }).map(function (span) {
      return {
        id: group + "." + span[0], name: name, group: group, payer: span[0], collector: "property_company",
        quantity: quantity, quantity_unit: quantityUnit, unit_price: price,
        monthly: monthly, amount: monthly * BigInt(span[1].months), period: span[1],
        refused: refused && span[0] === "owner"
      };
    });
  }

  function parkingOnly(unit) {
    return unit.household_type === "parking";
  }

  function forSpaces(item) {
    return item.parking.length > 0 && item.parking.indexOf("none") < 0;
  }

  /* Whether a unit is among those an item applies to (an empty list allows any). */
  function inScope(item, unit) {
    var household = item.household_types.length ? item.household_types.indexOf(unit.household_type) >= 0
      : !parkingOnly(unit) || forSpaces(item);
    return household &&
      (!item.property_types.length || item.property_types.indexOf(unit.property_type) >= 0) &&
      (!item.phases.length || item.phases.indexOf(unit.phase) >= 0) &&
      (!item.parking.length || item.parking.indexOf(unit.parking) >= 0);
  }

  function applies(item, unit) {
    return inScope(item, unit) && (!item.optional || unit.options.indexOf(item.id) >= 0);
  }

  function itemLine(item, unit) {
    var perArea = item.basis === "per_m2";
    if (perArea && unit.area_m2 == null) throw new Error("fee " + item.id + " is charged per m², and the unit has no area");
    return {
      id: item.id, name: item.name, group: item.group, payer: item.payer, collector: item.collector,
      quantity: perArea ? unit.area_m2 : "1", quantity_unit: perArea ? "m2" : "unit", unit_price: item.amount,
      amount: perArea ? centsOf(unit.area_m2, item.amount) : centsOf(item.amount), monthly: null, period: null,
      refundable: item.refundable, option: item.optional ? (item.option || item.name) : null
    };
  }

  function statement(rules, unit) {
    var start = billingStart(parseDate(unit.move_in_date));
    var lines = [], bills = [];  // bills: the fees the owner refused to prepay, month by month
    if (unit.property_type != null && unit.area_m2 != null) {
      var rate = rules.management[unit.property_type];
      if (!rate) throw new Error("the fee rules have no property type " + unit.property_type);
      lines = lines.concat(monthlyLines(rules, unit, start, "management", "management", rate.name, unit.area_m2,
                                        "m2", rate.rate, bills));
    }
    if (unit.parking !== "none") {
      var space = (rules.parking[unit.parking] || {})[unit.parking_type];
      if (!space) throw new Error("the fee rules have no " + unit.parking + " parking space type " + unit.parking_type);
      var fee = unit.parking === "bought" ? "parking_service" : "parking_rent";
      lines = lines.concat(monthlyLines(rules, unit, start, fee, "parking", space.name, "1", "space", space.monthly, bills));
    }
    var free = parkingOnly(unit) ? rules.cards.free_per_parking_unit : rules.cards.free_per_unit;
    [["access_cards.free", "developer", free], ["access_cards.extra", "owner", unit.extra_cards]].forEach(function (c) {
      if (c[2]) {
        lines.push({ id: c[0], name: null, group: "access_cards", payer: c[1], collector: "property_company",
                     quantity: String(c[2]), quantity_unit: "card", unit_price: rules.cards.cost_price,
                     amount: centsOf(String(c[2]), rules.cards.cost_price), monthly: null, period: null });
      }
    });
    var moveIn = [], decoration = [], rates = [];
    rules.items.forEach(function (item) {
      if (!applies(item, unit)) return;
      if (item.basis === "per_person") rates.push(item);
      else if (item.group === "decoration") decoration.push(itemLine(item, unit));
      else moveIn.push(itemLine(item, unit));
    });
    ["other", "for_developer"].forEach(function (group) {  // the engine's order: other fees, then the developer's
      moveIn.forEach(function (line) { if (line.group === group) lines.push(line); });
    });
    return { billing_start: start, lines: lines, decoration_lines: decoration, rates: rates, month_by_month: bills };
  }

  function total(lines, payer, collector) {
    return lines.reduce(function (sum, line) {
      return (payer == null || line.payer === payer) && (collector == null || line.collector === collector)
        ? sum + line.amount : sum;
    }, 0n);
  }

  /* A statement as plain data (cents as strings, dates ISO): what the page shows and the tests compare. */
  function plain(result) {
    function line(l) {
      return {
        id: l.id, payer: l.payer, collector: l.collector, amount: String(l.amount),
        monthly: l.monthly == null ? null : String(l.monthly),
        period: l.period ? [iso(l.period.start), iso(l.period.end), l.period.months] : null
      };
    }
    var totals = {};
    COLLECTORS.forEach(function (collector) {
      totals[collector] = String(total(result.lines, "owner", collector));
    });
    return {
      billing_start: iso(result.billing_start), lines: result.lines.map(line),
      decoration_lines: result.decoration_lines.map(line), rates: result.rates.map(function (r) { return r.id; }),
      owner_total: String(total(result.lines, "owner", null)), owner_by_collector: totals,
      month_by_month: result.month_by_month.map(function (b) { return [b.fee, String(b.monthly), iso(b.next_due)]; })
    };
  }

  root.HandbookFees = {
    statement: statement, plain: plain, total: total, billingStart: billingStart, cents: centsOf, inScope: inScope,
    MONTHLY_FEES: MONTHLY_FEES
  };
})(typeof window !== "undefined" ? window : this);
