// Upload progress: polls the upload's status URL every second, moves the <progress>
// bar, and reloads the page for the preview once the work is done. Without script the
// page refreshes itself (<meta http-equiv="refresh">).
(function () {
  var box = document.querySelector('[data-status-url]');
  if (!box) return;
  var bar = box.querySelector('progress');
  var text = box.querySelector('[data-progress-text]');

  function poll() {
    fetch(box.getAttribute('data-status-url'), { credentials: 'same-origin' })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        bar.max = Math.max(status.rows_total, 1);
        bar.value = status.rows_done;
        text.textContent = status.rows_done + ' of ' + status.rows_total + ' rows';
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
