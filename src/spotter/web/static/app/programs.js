/* Programs: the builder's grid changes in place (Alpine components; the
 * CSP build, so the page's attributes only name methods). Without JS the
 * same buttons are submit buttons the server answers by showing the grid
 * again, so field names (w2-monday-0-sets) must stay as the server makes
 * them: after each change every week, day and row is renamed in order.
 */
(function () {
  "use strict";

  var MAX_WEEKS = 52;

  function nameFields(scope, prefix) {
    scope.querySelectorAll("[data-pg-field]").forEach(function (input) {
      var name = prefix + "-" + input.getAttribute("data-pg-field");
      input.name = name;
      if (input.type !== "hidden") input.id = "pg-" + name;
    });
    scope.querySelectorAll("[data-pg-label]").forEach(function (label) {
      label.htmlFor = "pg-" + prefix + "-" + label.getAttribute("data-pg-label");
    });
  }

  function renumber(form) {
    var title = form.getAttribute("data-pg-week-label") || "{n}";
    var weeks = form.querySelectorAll("[data-pg-week]");
    weeks.forEach(function (week, index) {
      var w = index + 1;
      week.querySelector("[data-pg-week-title]").textContent = title.replace("{n}", String(w));
      week.querySelector("[data-pg-duplicate]").value = "duplicate:" + w;
      week.querySelectorAll("[data-pg-day]").forEach(function (day) {
        var name = day.getAttribute("data-pg-day");
        var key = "w" + w + "-" + name;
        nameFields(day.querySelector(".pg-template"), key);
        day.querySelector("[data-pg-add]").value = "add:" + w + ":" + name;
        day.querySelectorAll("[data-pg-row]").forEach(function (row, r) {
          nameFields(row, key + "-" + r);
          row.querySelector("[data-pg-remove]").value = "remove:" + w + ":" + name + ":" + r;
        });
      });
    });
    form.querySelector("[data-pg-weeks-shown]").value = String(weeks.length);
    return weeks.length;
  }

  function withoutErrors(scope) {
    scope.querySelectorAll(".field-error").forEach(function (error) { error.remove(); });
    scope.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
    return scope;
  }

  function programBuilder() {
    return {
      addRow: function (event) {
        event.preventDefault();
        var form = event.currentTarget.closest("form");
        var day = event.currentTarget.closest("[data-pg-day]");
        var template = form.querySelector("template[data-pg-row-template]");
        var row = template.content.firstElementChild.cloneNode(true);
        day.querySelector("[data-pg-rows]").appendChild(row);
        renumber(form);
        row.querySelector("input").focus();
      },
      removeRow: function (event) {
        event.preventDefault();
        var form = event.currentTarget.closest("form");
        var row = event.currentTarget.closest("[data-pg-row]");
        var day = row.closest("[data-pg-day]");
        if (day.querySelectorAll("[data-pg-row]").length === 1) {
          // A day always shows one row to type in: empty it instead.
          row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
          withoutErrors(row);
        } else {
          row.remove();
        }
        renumber(form);
        day.querySelector("[data-pg-row] input").focus();
      },
      duplicateWeek: function (event) {
        event.preventDefault();
        var form = event.currentTarget.closest("form");
        var week = event.currentTarget.closest("[data-pg-week]");
        if (form.querySelectorAll("[data-pg-week]").length >= MAX_WEEKS) return;
        var copy = withoutErrors(week.cloneNode(true));
        // A clone keeps typed input values but not each select's choice.
        var chosen = week.querySelectorAll("select");
        copy.querySelectorAll("select").forEach(function (select, i) { select.value = chosen[i].value; });
        week.after(copy);
        var count = renumber(form);
        form.querySelector("[data-pg-duration]").value = String(count);
        copy.querySelector("select").focus();
      }
    };
  }

  function programAssign() {
    return {
      open: function (event) {
        var section = document.getElementById("pg-assign");
        if (!section) return;
        event.preventDefault();
        section.hidden = false;
        this.$el.hidden = true;
        section.querySelector("select").focus();
      }
    };
  }

  function register() {
    window.Alpine.data("programBuilder", programBuilder);
    window.Alpine.data("programAssign", programAssign);
  }
  if (window.Alpine) register();
  else document.addEventListener("alpine:init", register);
})();
