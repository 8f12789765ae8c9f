/* Charts with uPlot: every element [data-chart] holds its data as JSON
 * ({x: [seconds], series: [{label, values, scale?}]}). The element itself is
 * role="img" with a name saying what it shows, and the page has a table of
 * the same numbers, so the canvas is for eyes only. Colours come from the
 * CSS custom properties, so the charts follow the light and dark themes.
 */
(function () {
  "use strict";

  var HEIGHT = 220;

  function cssColour(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function palette() {
    return [
      cssColour("--chart-1", "#1f6feb"),
      cssColour("--chart-2", "#c2410c"),
      cssColour("--chart-3", "#15803d")
    ];
  }

  function dayLabel(seconds) {
    // Day and month only: no year, so no Buddhist-era question on the axis.
    var lang = document.documentElement.lang || "th";
    return new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", timeZone: "UTC" })
      .format(new Date(seconds * 1000));
  }

  function options(el, data, width) {
    var colours = palette();
    var text = cssColour("--text", "#1a1a1a");
    var grid = cssColour("--border", "#d0d7de");
    var bars = el.getAttribute("data-kind") === "bars" && window.uPlot.paths && window.uPlot.paths.bars;
    var hasRight = data.series.some(function (s) { return s.scale; });
    var axes = [
      {
        stroke: text,
        grid: { stroke: grid, width: 1 },
        // A tick on each data point (a week, a weigh-in) while they fit.
        splits: data.x.length <= 12 ? function () { return data.x; } : undefined,
        values: function (u, splits) { return splits.map(dayLabel); }
      },
      { stroke: text, grid: { stroke: grid, width: 1 }, scale: "y" }
    ];
    if (hasRight) {
      axes.push({ stroke: text, side: 1, grid: { show: false }, scale: data.series.filter(function (s) { return s.scale; })[0].scale });
    }
    var scales = {
      x: {
        time: true,
        // Half a week either side, so the first and last bars show whole
        // and a single point is not pinned to the edge.
        range: function () {
          var first = data.x[0];
          var last = data.x[data.x.length - 1];
          return [first - 3.5 * 86400, last + 3.5 * 86400];
        }
      }
    };
    if (bars) {
      // Bars start at zero: a bar's height is its value, not its distance from the smallest.
      scales.y = { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } };
    }
    return {
      width: width,
      height: HEIGHT,
      scales: scales,
      axes: axes,
      legend: { show: true, live: false },
      cursor: { show: true, drag: { x: false, y: false } },
      series: [{ label: "" }].concat(
        data.series.map(function (s, i) {
          var series = {
            label: s.label,
            scale: s.scale || "y",
            stroke: colours[i % colours.length],
            width: 2,
            spanGaps: true,
            points: { show: true, size: 6 }
          };
          if (bars) {
            series.paths = window.uPlot.paths.bars({ size: [0.6, 40] });
            series.fill = colours[i % colours.length];
            series.points = { show: false };
          }
          return series;
        })
      )
    };
  }

  function draw(el) {
    var data;
    try { data = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
    if (!data.x || !data.x.length) return;
    var columns = [data.x].concat(data.series.map(function (s) { return s.values; }));
    var chart = new window.uPlot(options(el, data, Math.max(240, el.clientWidth)), columns, el);
    var width = el.clientWidth;
    var resize = function () {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      chart.setSize({ width: Math.max(240, width), height: HEIGHT });
    };
    if (window.ResizeObserver) new ResizeObserver(resize).observe(el);
    else window.addEventListener("resize", resize);
  }

  function start() {
    if (!window.uPlot) return;
    document.querySelectorAll("[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
