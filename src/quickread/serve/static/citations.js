// Citation markers. The page links each marker "[2]" to the cited sentence on the article's page; this script
// turns it into a button that opens a popover with the outlet, the sentence and a "Read in the article" link.
// The popover follows WCAG 1.4.13: it opens on hover, on click or tap and on Enter/Space; it stays open while
// the pointer is over the marker or the popover; Escape closes it and returns focus to the marker. Without this
// script each marker stays a plain link to the sentence, highlighted there by the :target rule.
(function () {
  "use strict";
  // Grace period before a hover-opened popover closes, so the pointer can travel from marker to popover.
  const HOVER_CLOSE_MS = 300;
  let open = null;  // { marker, popover, pinned }
  let closeTimer = null;

  function cancelClose() {
    if (closeTimer !== null) { clearTimeout(closeTimer); closeTimer = null; }
  }

  function close(returnFocus) {
    cancelClose();
    if (!open) return;
    const marker = open.marker;
    open.popover.remove();
    marker.setAttribute("aria-expanded", "false");
    open = null;
    if (returnFocus) marker.focus();
  }

  function closeSoon() {
    cancelClose();
    closeTimer = setTimeout(function () { if (open && !open.pinned) close(false); }, HOVER_CLOSE_MS);
  }

  function place(marker, popover) {
    const box = marker.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const left = Math.max(8, Math.min(box.left, width - popover.offsetWidth - 8));
    popover.style.left = (window.scrollX + left) + "px";
    popover.style.top = (window.scrollY + box.bottom + 6) + "px";
  }

  function build(marker) {
    const popover = document.createElement("span");  // a span: markers sit inside paragraphs
    popover.className = "cite-popover";
    popover.id = marker.getAttribute("aria-controls");
    popover.setAttribute("role", "group");
    popover.setAttribute("aria-label", "Citation " + marker.dataset.number);
    const outlet = document.createElement("span");
    outlet.className = "cite-outlet";
    outlet.textContent = marker.dataset.outlet;  // textContent: article text is shown as text, never as markup
    const quote = document.createElement("mark");
    quote.className = "cite-quote";
    quote.textContent = marker.dataset.quote;
    const link = document.createElement("a");
    link.className = "cite-link";
    link.href = marker.dataset.href;
    link.textContent = "Read in the article";
    popover.append(outlet, quote, link);
    popover.addEventListener("mouseenter", cancelClose);
    popover.addEventListener("mouseleave", function () { if (open && !open.pinned) closeSoon(); });
    return popover;
  }

  function show(marker, pinned) {
    cancelClose();
    if (open && open.marker === marker) { open.pinned = open.pinned || pinned; return; }
    close(false);
    const popover = build(marker);
    marker.after(popover);  // right after the marker: Tab goes from the marker into the popover's link
    marker.setAttribute("aria-expanded", "true");
    place(marker, popover);
    open = { marker: marker, popover: popover, pinned: pinned };
  }

  function toButton(link, index) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cite";
    button.id = link.id;
    button.textContent = link.textContent;
    button.dataset.number = link.textContent.replace(/[\[\]]/g, "");
    button.dataset.outlet = link.dataset.outlet || "";
    button.dataset.quote = link.title || "";  // the button has no title: the popover replaces the tooltip
    button.dataset.href = link.href;
    button.setAttribute("aria-label", link.getAttribute("aria-label") || link.textContent);
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "cite-popover-" + (index + 1));
    button.addEventListener("click", function () {
      if (open && open.marker === button && open.pinned) close(false);
      else show(button, true);
    });
    // Hover is a mouse's: a tap sends mouse events too, and would otherwise open and at once close.
    button.addEventListener("pointerenter", function (event) { if (event.pointerType === "mouse") show(button, false); });
    button.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "mouse" && open && open.marker === button && !open.pinned) closeSoon();
    });
    link.replaceWith(button);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("a.cite").forEach(toButton);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && open) {
        const inside = open.popover.contains(document.activeElement) || document.activeElement === open.marker;
        close(inside);
      }
    });
    // A click or tap elsewhere, or focus moving elsewhere, dismisses the popover.
    document.addEventListener("pointerdown", function (event) {
      if (open && !open.popover.contains(event.target) && event.target !== open.marker) close(false);
    });
    document.addEventListener("focusin", function (event) {
      if (open && !open.popover.contains(event.target) && event.target !== open.marker) close(false);
    });
  });
})();
