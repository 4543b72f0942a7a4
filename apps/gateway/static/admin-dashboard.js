/**
 * The dashboard's script (templates/admin-dashboard.html): a button with data-method and data-url
 * sends that request with the header that marks a change as the dashboard's own, named by the
 * page's data-change-header (apps/gateway/src/admin/queue-dashboard.ts says why it is needed).
 */
const changeHeader = document.body.dataset.changeHeader;

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-method]');
  if (!button) return;
  button.disabled = true;
  const response = await fetch(button.dataset.url, { method: button.dataset.method, headers: { [changeHeader]: '1' } });
  if (button.dataset.url === '/admin/session') {
    location.href = '/admin/login';
    return;
  }
  if (!response.ok) {
    document.getElementById('e').textContent = (await response.json()).detail;
    button.disabled = false;
    return;
  }
  location.reload();
});
