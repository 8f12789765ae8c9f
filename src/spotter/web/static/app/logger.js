/* The workout logger (/log): gym mode, one hand on a phone.
 *
 * Plain DOM code rather than Alpine for the rows: set rows are cloned from
 * <template>s that the server rendered in the person's language, so every
 * label is translated and every field keeps its accessible name. State lives
 * in `state` and in localStorage (a draft), so a reload, with or without a
 * network, keeps the workout in progress. Typed values are in the person's
 * units; they become kg and km only when the workout is finished.
 *
 * A trainer logging for a linked trainee (/log?trainee=<id>) has the same
 * page with data.traineeId: the workout names that trainee, and the draft is
 * kept per trainee.
 *
 * The rest timer is rest_timer.js; the offline search is catalogue_search.js.
 */
(function () {
  "use strict";

  var KG_PER_LB = 0.45359237;
  var KM_PER_MILE = 1.609344;
  var FIELDS = {
    weight_training: ["weight", "reps"],
    cardio: ["distance", "duration"],
    flexibility: ["holdTime"]
  };
  var MATCHES = 8;

  // --- the logger ------------------------------------------------------------

  var root = document.getElementById("logger");
  if (!root) return;
  var data = JSON.parse(document.getElementById("log-data").textContent);
  var strings = data.strings;
  var draftKey = "spotter-log-draft-" + data.userId + (data.traineeId ? "-" + data.traineeId : "");
  var list = document.getElementById("log-exercises");
  var search = document.getElementById("log-search");
  var matches = document.getElementById("log-matches");
  var errorBox = document.getElementById("log-error");
  var emptyNote = document.getElementById("log-empty");
  var catalogue = null;
  var found = [];
  var active = -1;
  var state = load();

  function blankState() { return { startedAt: Date.now(), exercises: [] }; }

  function load() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { saved = null; }
    if (saved && saved.exercises && saved.exercises.length) return saved;
    var fresh = blankState();
    (data.planned || []).forEach(function (planned) {
      fresh.exercises.push({
        name: planned.name,
        nameTh: planned.nameTh || null,
        exerciseId: planned.exerciseId || null,
        type: planned.type,
        rest: planned.rest || null,
        sets: planned.sets.map(displaySet)
      });
    });
    return fresh;
  }

  function save() {
    try { localStorage.setItem(draftKey, JSON.stringify(state)); } catch (e) { /* full: keep going */ }
  }

  // --- units -----------------------------------------------------------------

  function round(value, places) {
    var f = Math.pow(10, places);
    return Math.round(value * f) / f;
  }

  // A set as stored (kg, km) to what the person sees and types.
  function displaySet(set) {
    var shown = {};
    if (set.weight != null) {
      shown.weight = String(round(data.units.weight === "lbs" ? set.weight / KG_PER_LB : set.weight, 1));
    }
    if (set.distance != null) {
      shown.distance = String(round(data.units.distance === "miles" ? set.distance / KM_PER_MILE : set.distance, 2));
    }
    ["reps", "duration", "holdTime"].forEach(function (field) {
      if (set[field] != null) shown[field] = String(set[field]);
    });
    return shown;
  }

  function number(text) {
    if (text == null || String(text).trim() === "") return null;
    var value = Number(String(text).replace(",", "."));
    return isFinite(value) ? value : NaN;
  }

  // --- rendering ---------------------------------------------------------------

  function displayName(entry) {
    return data.locale === "th" && entry.nameTh ? entry.nameTh : entry.name;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  function renderSet(entry, exerciseIndex, set, setIndex) {
    var template = document.getElementById("log-set-" + entry.type);
    var node = template.content.firstElementChild.cloneNode(true);
    var position = setIndex + 1;
    node.querySelector("legend").textContent = format(strings.set, { n: position });
    node.querySelectorAll("input[data-field]").forEach(function (input) {
      var field = input.getAttribute("data-field");
      input.id = "log-" + exerciseIndex + "-" + setIndex + "-" + field;
      input.value = set[field] || "";
      input.closest("label").setAttribute("for", input.id);
      input.addEventListener("input", function () {
        set[field] = input.value;
        input.removeAttribute("aria-invalid");
        save();
      });
    });
    var remove = node.querySelector('[data-action="remove-set"]');
    remove.setAttribute("aria-label", format(strings.removeSet, { n: position }));
    remove.addEventListener("click", function () {
      entry.sets.splice(setIndex, 1);
      if (!entry.sets.length) state.exercises.splice(exerciseIndex, 1);
      changed();
    });
    return node;
  }

  function renderExercise(entry, index) {
    var node = document.getElementById("log-exercise-template").content.firstElementChild.cloneNode(true);
    var heading = node.querySelector("h2");
    heading.id = "log-exercise-" + index;
    heading.textContent = displayName(entry);
    node.setAttribute("aria-labelledby", heading.id);
    var sets = node.querySelector(".log-sets");
    entry.sets.forEach(function (set, setIndex) {
      sets.appendChild(renderSet(entry, index, set, setIndex));
    });
    node.querySelector('[data-action="add-set"]').addEventListener("click", function () {
      var previous = entry.sets[entry.sets.length - 1] || {};
      entry.sets.push(Object.assign({}, previous));
      changed();
      focusFirstField(index, entry.sets.length - 1);
      window.dispatchEvent(new CustomEvent("spotter:rest", { detail: { seconds: entry.rest } }));
    });
    var remove = node.querySelector('[data-action="remove-exercise"]');
    remove.setAttribute("aria-label", format(strings.removeExercise, { name: displayName(entry) }));
    remove.addEventListener("click", function () {
      state.exercises.splice(index, 1);
      changed();
      search.focus();
    });
    return node;
  }

  function render() {
    list.textContent = "";
    state.exercises.forEach(function (entry, index) { list.appendChild(renderExercise(entry, index)); });
    emptyNote.hidden = state.exercises.length > 0;
  }

  function changed() {
    save();
    render();
  }

  function focusFirstField(exerciseIndex, setIndex) {
    var first = list.querySelector('[id^="log-' + exerciseIndex + "-" + setIndex + '-"]');
    if (first) first.focus();
  }

  // --- adding an exercise ----------------------------------------------------

  function loadCatalogue() {
    return fetch(data.catalogueUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (json) { if (json) catalogue = json; })
      .catch(function () { /* the search still asks the server */ });
  }

  var searchController = null;
  function searchOnline(query) {
    if (searchController) searchController.abort();
    searchController = new AbortController();
    var url = data.searchUrl + "?q=" + encodeURIComponent(query);
    return fetch(url, { credentials: "same-origin", signal: searchController.signal })
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      })
      .then(function (json) { return json.exercises; });
  }

  function showMatches(items) {
    found = items;
    active = -1;
    matches.textContent = "";
    search.removeAttribute("aria-activedescendant");
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "log-match-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var main = document.createElement("span");
      main.textContent = displayName(item);
      li.appendChild(main);
      var other = data.locale === "th" ? item.name : item.nameTh;
      if (other && other !== main.textContent) {
        var small = document.createElement("span");
        small.className = "log-match-other";
        small.textContent = other;
        li.appendChild(small);
      }
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });
      li.addEventListener("click", function () { pick(item); });
      matches.appendChild(li);
    });
    if (!items.length && search.value.trim()) {
      var none = document.createElement("li");
      none.className = "log-no-match";
      none.textContent = strings.noMatches;
      matches.appendChild(none);
    }
    matches.hidden = !search.value.trim();
  }

  var pendingSearch = null;
  function onSearch() {
    var query = search.value.trim();
    window.clearTimeout(pendingSearch);
    if (!query) { showMatches([]); return; }
    pendingSearch = window.setTimeout(function () {
      var asked = navigator.onLine ? searchOnline(query) : Promise.reject(new Error("offline"));
      asked.catch(function (error) {
        if (error && error.name === "AbortError") throw error;
        return window.SpotterCatalogue.search(catalogue, query, MATCHES);
      }).then(function (items) {
        if (search.value.trim() === query) showMatches(items);
      }, function () { /* superseded by a newer search */ });
    }, 150);
  }

  function highlight(index) {
    var options = matches.querySelectorAll('[role="option"]');
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    search.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function onSearchKey(event) {
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Enter") {
      event.preventDefault();
      var choice = found[active >= 0 ? active : 0];
      if (choice) pick(choice);
    } else if (event.key === "Escape") {
      search.value = "";
      showMatches([]);
    }
  }

  function lastSets(entry) {
    if (!navigator.onLine) return;
    // The trainer's logger asks with ?trainee=..., so the name may come second.
    var url = data.lastUrl + (data.lastUrl.indexOf("?") === -1 ? "?" : "&") +
      "name=" + encodeURIComponent(entry.name);
    fetch(url, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (json) {
      var untouched = entry.sets.length === 1 && !Object.keys(entry.sets[0]).some(function (k) {
        return entry.sets[0][k];
      });
      if (!json || !json.sets.length || !untouched || state.exercises.indexOf(entry) === -1) return;
      entry.sets = json.sets.map(displaySet);
      changed();
    }).catch(function () { /* no prefill, no harm */ });
  }

  function pick(item) {
    var entry = {
      name: item.name,
      nameTh: item.nameTh || null,
      exerciseId: item.id || null,
      type: item.type,
      rest: null,
      sets: [{}]
    };
    state.exercises.push(entry);
    search.value = "";
    showMatches([]);
    changed();
    focusFirstField(state.exercises.length - 1, 0);
    lastSets(entry);
  }

  // --- finishing -------------------------------------------------------------

  function fail(message, input) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  }

  // The day in the gym's time zone, as the server counts days (sessions,
  // body weight), also when the workout is finished offline.
  function gymDate(moment) {
    try {
      var parts = new Intl.DateTimeFormat("en-CA", {
        timeZone: data.timeZone, year: "numeric", month: "2-digit", day: "2-digit"
      }).formatToParts(moment);
      var get = function (type) {
        return parts.filter(function (p) { return p.type === type; })[0].value;
      };
      return get("year") + "-" + get("month") + "-" + get("day");
    } catch (e) {
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      return moment.getFullYear() + "-" + pad(moment.getMonth() + 1) + "-" + pad(moment.getDate());
    }
  }

  function storedSet(set) {
    var out = {};
    var weight = number(set.weight);
    var distance = number(set.distance);
    if (weight != null) out.weight = round(data.units.weight === "lbs" ? weight * KG_PER_LB : weight, 2);
    if (distance != null) out.distance = round(data.units.distance === "miles" ? distance * KM_PER_MILE : distance, 3);
    ["reps", "duration", "holdTime"].forEach(function (field) {
      var value = number(set[field]);
      if (value != null) out[field] = field === "reps" ? Math.round(value) : value;
    });
    return out;
  }

  // The workout as /log/sync takes it, or null after pointing at what is wrong.
  function payload() {
    var exercises = [];
    for (var i = 0; i < state.exercises.length; i++) {
      var entry = state.exercises[i];
      var sets = [];
      for (var j = 0; j < entry.sets.length; j++) {
        var set = entry.sets[j];
        var fields = FIELDS[entry.type];
        var typed = fields.filter(function (f) { return String(set[f] || "").trim() !== ""; });
        if (!typed.length) continue;
        var stored = storedSet(set);
        var field = "log-" + i + "-" + j + "-";
        var bad = fields.filter(function (f) {
          return stored[f] !== undefined && (isNaN(stored[f]) || stored[f] < 0);
        });
        if (bad.length) {
          fail(strings.badNumber, document.getElementById(field + bad[0]));
          return null;
        }
        if (entry.type === "weight_training" && stored.reps == null) {
          fail(strings.needReps, document.getElementById(field + "reps"));
          return null;
        }
        stored.setNumber = sets.length + 1;
        sets.push(stored);
      }
      if (!sets.length) continue;
      var out = { name: entry.name, type: entry.type, sets: sets };
      if (entry.exerciseId) out.exerciseId = entry.exerciseId;
      exercises.push(out);
    }
    if (!exercises.length) {
      fail(strings.empty, search);
      return null;
    }
    var now = new Date();
    var minutes = Math.round((now.getTime() - state.startedAt) / 60000);
    var body = {
      date: gymDate(now),
      duration: Math.min(1440, Math.max(1, minutes)),
      exercises: exercises
    };
    // Linked only to today's confirmed session: a cached page may be older.
    if (data.schedule && data.schedule.date === body.date) body.scheduleId = data.schedule.id;
    if (data.traineeId) body.traineeId = data.traineeId;
    var trainer = document.getElementById("log-trainer");
    if (trainer && trainer.value) body.trainerId = trainer.value;
    return body;
  }

  // Offline, the service worker answers any /log with the last /log page it
  // kept, whoever it was for: never send one trainee's workout as another's.
  function pageIsForThisAddress() {
    var wanted = new URLSearchParams(window.location.search).get("trainee");
    if (wanted === data.userId) wanted = null;
    return (wanted || null) === (data.traineeId || null);
  }

  function finish() {
    errorBox.hidden = true;
    if (!pageIsForThisAddress()) {
      fail(strings.otherTrainee);
      return;
    }
    var body = payload();
    if (!body) return;
    var label = body.date + " · " + body.exercises.map(function (e) { return e.name; }).join(", ");
    if (data.traineeName) label = data.traineeName + " · " + label;
    window.SpotterOffline.submit(data.syncUrl, body, label).then(function () {
      state = blankState();
      try { localStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
      render();
    });
  }

  function discard() {
    if (!window.confirm(strings.confirmDiscard)) return;
    state = blankState();
    try { localStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
    render();
    search.focus();
  }

  search.addEventListener("input", onSearch);
  search.addEventListener("keydown", onSearchKey);
  search.addEventListener("blur", function () {
    window.setTimeout(function () { if (document.activeElement !== search) matches.hidden = true; }, 200);
  });
  search.addEventListener("focus", function () { if (search.value.trim()) matches.hidden = false; });
  document.getElementById("log-finish").addEventListener("click", finish);
  document.getElementById("log-discard").addEventListener("click", discard);
  render();
  save();
  loadCatalogue();
})();
