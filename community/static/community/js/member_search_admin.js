// Chapter leaders in the Wagtail admin: a search box that asks the admin's member search and
// adds the member picked to the field's select (which holds only the members already chosen).
// Without this file the select still shows, and removes, the leaders chosen before.
(() => {
  "use strict";

  const setUp = (root) => {
    if (root.dataset.memberSearchReady) return;
    root.dataset.memberSearchReady = "1";
    const select = root.querySelector("select");
    const controls = root.querySelector("[data-member-search-controls]");
    const input = root.querySelector("[data-member-search-input]");
    const results = root.querySelector("[data-member-search-results]");
    const status = root.querySelector("[data-member-search-status]");
    if (!select || !controls || !input || !window.fetch) return;
    controls.hidden = false;
    let timer = null;
    let asked = 0;

    const choose = (id, label) => {
      let option = Array.from(select.options).find((item) => item.value === id);
      if (!option) {
        option = new Option(label, id, true, true);
        select.add(option);
      }
      option.selected = true;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      results.replaceChildren();
      input.value = "";
      status.textContent = `${label} added.`;
      input.focus();
    };

    const show = (members) => {
      results.replaceChildren(
        ...members.map((member) => {
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "button button-small button-secondary";
          button.textContent = member.label;
          button.addEventListener("click", () => choose(String(member.id), member.label));
          item.append(button);
          return item;
        }),
      );
      status.textContent = members.length ? `${members.length} found.` : "No member matches.";
    };

    const search = () => {
      const query = input.value.trim();
      if (query.length < 2) {
        results.replaceChildren();
        status.textContent = "";
        return;
      }
      const mine = ++asked;
      fetch(`${root.dataset.searchUrl}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((data) => {
          if (mine === asked) show(data.results || []);
        })
        .catch(() => {
          status.textContent = "The search did not answer; try again.";
        });
    };

    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    // Enter picks the only match instead of submitting the page form.
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const buttons = results.querySelectorAll("button");
      if (buttons.length === 1) buttons[0].click();
    });
  };

  const start = () => document.querySelectorAll("[data-member-search]").forEach(setUp);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
