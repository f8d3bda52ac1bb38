// The deploy panel: exact times in the viewer's own zone on hover, and the iframe sized to the panel
// through Connect's all.js (AP), once it has loaded.
for (const time of document.querySelectorAll('time[datetime]')) {
  const when = new Date(time.getAttribute('datetime'));
  if (!Number.isNaN(when.getTime())) time.title = when.toLocaleString();
}
function fit() {
  if (window.AP && typeof window.AP.resize === 'function') window.AP.resize();
}
if (document.readyState === 'complete') fit();
else window.addEventListener('load', fit);
