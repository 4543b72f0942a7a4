/**
 * The sign-in page's script (admin-login.html): the pasted token goes once to POST /admin/session
 * as a bearer token, which answers with the session cookie; the token itself is never stored.
 */
document.getElementById('f').addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch('/admin/session', {
    method: 'POST',
    headers: { authorization: `Bearer ${document.getElementById('t').value.trim()}` },
  });
  if (response.ok) location.href = '/admin/queues';
  else document.getElementById('e').textContent = (await response.json()).detail;
});
