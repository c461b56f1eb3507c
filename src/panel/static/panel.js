// daftarin panel: the only script, served by the panel itself (no CDN; the CSP allows no inline script).
// Live broadcast progress: poll the figures while the broadcast is sending, then drop the stop button.
const box = document.querySelector('[data-progress]');
if (box) {
  const tick = async () => {
    const res = await fetch(box.dataset.progress, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!res.ok) return;
    const s = await res.json();
    for (const el of box.querySelectorAll('[data-field]')) {
      const v = s[el.dataset.field];
      if (v !== undefined) el.textContent = String(v);
    }
    if (s.state === 'sending') setTimeout(tick, 1500);
    else document.querySelector('form[action$="/stop"]')?.remove();
  };
  setTimeout(tick, 500);
}
