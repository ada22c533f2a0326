// The announcement form in the Wagtail admin: "N members match" beside the segment checkboxes,
// asked again of the admin's count endpoint whenever a box changes. The form and the review
// page work without it. Wagtail loads form media before the page body, so wait for it.
(() => {
  "use strict";

  const start = () => {
    const output = document.querySelector("[data-announcement-count]");
    const form = output && output.closest("form");
    if (!form || !output.dataset.countUrl || !window.fetch) {
      return;
    }

    const FIELDS = ["industries", "regions", "audiences", "roles"];
    const fallback = output.textContent.trim();
    const numbers = new Intl.NumberFormat();
    let pending = null;
    let timer = null;

    const query = () => {
      const params = new URLSearchParams();
      FIELDS.forEach((name) => {
        form.querySelectorAll(`input[name="${name}"]:checked`).forEach((box) => {
          params.append(name, box.value);
        });
      });
      return params.toString();
    };

    const show = (count) => {
      output.classList.toggle("announcement-count--none", count === 0);
      if (count === 0) {
        output.textContent = "No member matches this segment yet: widen it to send.";
      } else {
        const members = count === 1 ? "member matches" : "members match";
        output.textContent = `${numbers.format(count)} ${members} this segment right now.`;
      }
    };

    const refresh = () => {
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      const params = query();
      const url = params ? `${output.dataset.countUrl}?${params}` : output.dataset.countUrl;
      output.setAttribute("aria-busy", "true");
      fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((data) => show(data.count))
        .catch((error) => {
          if (error && error.name === "AbortError") {
            return;
          }
          output.classList.remove("announcement-count--none");
          output.textContent = fallback;
        })
        .finally(() => output.removeAttribute("aria-busy"));
    };

    form.addEventListener("change", (event) => {
      if (FIELDS.includes(event.target.name)) {
        window.clearTimeout(timer);
        timer = window.setTimeout(refresh, 150);
      }
    });
    refresh();
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
