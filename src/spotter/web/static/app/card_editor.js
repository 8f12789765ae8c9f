/* Session card editor: "Add ..." and "Remove" change a list's rows in place
   (without JavaScript they are submit buttons the server answers). Rows are
   renumbered so labels, ids and the no-JS "Remove" values stay in step. */
(function () {
  "use strict";

  function renumber(list) {
    var name = list.getAttribute("data-ce-list");
    var pattern = list.getAttribute("data-ce-label") || "{n}";
    var rows = list.querySelectorAll("[data-ce-rows] > li");
    rows.forEach(function (row, index) {
      var id = "ce-" + name + "-" + (index + 1);
      var label = row.querySelector("label");
      var input = row.querySelector("input");
      label.setAttribute("for", id);
      label.textContent = pattern.replace("{n}", String(index + 1));
      input.id = id;
      row.querySelector("[data-ce-remove]").value = name + ":" + index;
    });
  }

  function addRow(list) {
    var template = list.querySelector("template[data-ce-template]");
    var row = template.content.firstElementChild.cloneNode(true);
    list.querySelector("[data-ce-rows]").appendChild(row);
    renumber(list);
    return row.querySelector("input");
  }

  function removeRow(list, row) {
    var next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    var focus = next ? next.querySelector("input") : addRow(list);
    renumber(list);
    focus.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-ce-add], [data-ce-remove]");
    var list = button && button.closest("[data-ce-list]");
    if (!list) return;
    event.preventDefault();
    if (button.hasAttribute("data-ce-add")) {
      addRow(list).focus();
    } else {
      removeRow(list, button.closest("li"));
    }
  });
})();
