const form = document.getElementById('drop-form');
if (form) {
  const token = form.dataset.token;
  const status = document.getElementById('drop-status');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const files = document.getElementById('drop-files').files;
    for (const file of files) {
      const row = document.createElement('li');
      const bar = document.createElement('progress');
      bar.max = 1; bar.value = 0;
      row.textContent = file.name + ' ';
      row.appendChild(bar);
      status.appendChild(row);
      const response = await fetch('/public.php/webdav/' + encodeURIComponent(file.name), {
        method: 'PUT', body: file, credentials: 'same-origin',
        headers: {'Authorization': 'Basic ' + btoa(token + ':'), 'X-Requested-With': 'XMLHttpRequest'}
      });
      bar.value = 1;
      row.append(response.ok ? ' uploaded' : ' failed (' + response.status + ')');
    }
  });
}
