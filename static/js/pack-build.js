// A pack build's progress: polls the build's status every second, moves the <progress>
// bar, and reloads the page once the build has finished. Without script the page has a
// Refresh link.
(function () {
  var box = document.querySelector('[data-status-url]');
  if (!box) return;
  var bar = box.querySelector('progress');
  var text = box.querySelector('[data-progress-text]');

  function poll() {
    fetch(box.getAttribute('data-status-url'), { credentials: 'same-origin' })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        bar.value = status.progress;
        text.textContent = status.progress + '% – ' + status.step;
        if (status.busy) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
