// Draws every <div data-chart="ID"> from the Plotly figure {data, layout} in the
// <script type="application/json" id="ID"> written by Django's json_script.
// Load plotly-strict.min.js first. No inline script, no eval. The mode bar is off:
// its buttons are hard to use by keyboard, and every chart has a table beside it.
(function () {
  'use strict';

  function drawCharts() {
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var source = document.getElementById(el.getAttribute('data-chart'));
      if (!source || source.type !== 'application/json') return;
      var fig = JSON.parse(source.textContent);
      window.Plotly.newPlot(el, fig.data || [], fig.layout || {}, { displaylogo: false, displayModeBar: false, responsive: true });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawCharts);
  } else {
    drawCharts();
  }
})();
