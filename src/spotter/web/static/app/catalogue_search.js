/* Searching the exercise catalogue kept on the phone, for when the server
 * cannot be asked: trigram similarity like the server's pg_trgm search, so a
 * typo or a Thai name still finds the exercise.
 */
(function () {
  "use strict";

  function normal(text) {
    return (text || "").toLowerCase().replace(/[\s\-_.,()]+/g, "");
  }

  function trigrams(text) {
    var padded = "  " + text + " ";
    var grams = {};
    for (var i = 0; i < padded.length - 2; i++) grams[padded.slice(i, i + 3)] = true;
    return grams;
  }

  function similarity(a, b) {
    var ga = trigrams(a);
    var gb = trigrams(b);
    var shared = 0;
    var total = 0;
    Object.keys(ga).forEach(function (g) { total++; if (gb[g]) shared++; });
    Object.keys(gb).forEach(function (g) { if (!ga[g]) total++; });
    return total ? shared / total : 0;
  }

  function search(catalogue, query, limit) {
    var needle = normal(query);
    if (!catalogue || !needle) return [];
    return catalogue.exercises.map(function (item) {
      var names = [normal(item.name), normal(item.nameTh)];
      var score = 0;
      names.forEach(function (name) {
        if (!name) return;
        if (name.indexOf(needle) !== -1) score = Math.max(score, 1 + needle.length / name.length);
        score = Math.max(score, similarity(needle, name));
        // A typo in one word of a long name: compare with the window it would fill.
        for (var i = 0; i + needle.length <= name.length; i += 1) {
          score = Math.max(score, similarity(needle, name.slice(i, i + needle.length)) * 0.9);
        }
      });
      return { item: item, score: score };
    }).filter(function (hit) { return hit.score >= 0.3; })
      .sort(function (a, b) { return b.score - a.score; })
      .slice(0, limit)
      .map(function (hit) { return hit.item; });
  }

  window.SpotterCatalogue = { search: search };
})();
