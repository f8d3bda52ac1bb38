// The Sleuth UI works without this file; it only adds comfort: the account menu closes with Escape or
// a click elsewhere, times show in the reader's own time zone, and a list a reader opened (an
// Integrations tile's connections) is open again after a reload.
"use strict";

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of document.querySelectorAll("details[data-menu][open]")) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});

document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details[data-menu][open]")) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});

for (const time of document.querySelectorAll("time[data-local-time]")) {
  const when = new Date(time.dateTime);
  if (!Number.isNaN(when.getTime())) {
    time.title = time.textContent;
    time.textContent = when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }
}

for (const details of document.querySelectorAll("details[data-remember-open][id]")) {
  const key = `sleuth-open:${location.pathname}#${details.id}`;
  try {
    if (sessionStorage.getItem(key) === "1") details.open = true;
    details.addEventListener("toggle", () => sessionStorage.setItem(key, details.open ? "1" : "0"));
  } catch {
    // Storage refused (a private window): the list just starts closed.
  }
}
