// Draws the staff dashboard's charts from the JSON the page carries. Every chart has
// a table beside it with the same numbers, so nothing depends on seeing the chart.
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || !window.Chart) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var style = getComputedStyle(document.documentElement);
  function colour(name) {
    return style.getPropertyValue(name).trim();
  }
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Chart.defaults.color = colour("--text");
  Chart.defaults.borderColor = colour("--border");
  Chart.defaults.font.size = 14;
  Chart.defaults.animation = reduceMotion ? false : Chart.defaults.animation;
  Chart.defaults.maintainAspectRatio = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new Chart(canvas, config);
    }
  }

  function percentAxis() {
    return { beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + "%"; } } };
  }

  draw("chart-weekly", {
    type: "bar",
    data: {
      labels: data.weekly.labels,
      datasets: [{ label: "Submissions", data: data.weekly.values, backgroundColor: colour("--link") }],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  var levelColours = { emergency: "--emergency", same_day: "--same-day", within_days: "--within-days" };
  draw("chart-flags", {
    type: "bar",
    data: {
      labels: data.flags.labels,
      datasets: data.flags.series.map(function (series) {
        return { label: series.name, data: series.values, backgroundColor: colour(levelColours[series.level]) };
      }),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });

  function shares(id, chart) {
    draw(id, {
      type: "bar",
      data: { labels: chart.labels, datasets: [{ label: "Share of submissions", data: chart.values, backgroundColor: colour("--link") }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: percentAxis() } },
    });
  }
  shares("chart-regions", data.regions);
  data.sections.forEach(function (section, index) {
    shares("chart-section-" + index, section);
  });
})();
