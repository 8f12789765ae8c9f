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

  // A builder button: change the form around the button's `selector`
  // element, number the fields again, and focus what `edit` returns
  // (nothing: nothing changed).
  function rebuild(event, selector, edit) {
    event.preventDefault();
    var form = event.currentTarget.closest("form");
    var focus = edit(form, event.currentTarget.closest(selector));
    if (!focus) return;
    renumber(form);
    focus.focus();
  }

  function programBuilder() {
    return {
      addRow: function (event) {
        rebuild(event, "[data-pg-day]", function (form, day) {
          var template = form.querySelector("template[data-pg-row-template]");
          var row = template.content.firstElementChild.cloneNode(true);
          day.querySelector("[data-pg-rows]").appendChild(row);
          return row.querySelector("input");
        });
      },
      removeRow: function (event) {
        rebuild(event, "[data-pg-row]", function (form, row) {
          var day = row.closest("[data-pg-day]");
          if (day.querySelectorAll("[data-pg-row]").length === 1) {
            // A day always shows one row to type in: empty it instead.
            row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
            withoutErrors(row);
          } else {
            row.remove();
          }
          return day.querySelector("[data-pg-row] input");
        });
      },
      duplicateWeek: function (event) {
        rebuild(event, "[data-pg-week]", function (form, week) {
          var weeks = form.querySelectorAll("[data-pg-week]").length;
          if (weeks >= MAX_WEEKS) return null;
          var copy = withoutErrors(week.cloneNode(true));
          // A clone keeps typed input values but not each select's choice.
          var chosen = week.querySelectorAll("select");
          copy.querySelectorAll("select").forEach(function (select, i) { select.value = chosen[i].value; });
          week.after(copy);
          form.querySelector("[data-pg-duration]").value = String(weeks + 1);
          return copy.querySelector("select");
        });
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
