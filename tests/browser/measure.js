// Measurements taken in the page, from rendered boxes and computed styles.
// measure.py injects this file and calls window.screenerMeasure.<name>(...).
window.screenerMeasure = (function () {
  "use strict";

  const CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary";

  // A short name for an element in messages: tag, id or classes, and its text.
  function describe(el) {
    const id = el.id ? "#" + el.id : "";
    const classes = !id && typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\s+/).join(".") : "";
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "")
      .trim().replace(/\s+/g, " ").slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id}${classes}> "${text}"`;
  }

  // The controls a person presses. Links count inside forms, and elsewhere unless
  // they sit inline in a sentence (WCAG 2.5.8 lets the text around them set their size).
  function controls() {
    return [...document.querySelectorAll(CONTROLS)].filter((el) => {
      if (!el.checkVisibility()) return false;
      if (el.tagName !== "A" || el.closest("form")) return true;
      const block = el.parentElement.closest("p, li, dd, td, div");
      const inSentence = block && block.innerText.trim() !== el.innerText.trim();
      return !(getComputedStyle(el).display === "inline" && inSentence);
    });
  }

  function size(box) {
    return `${box.width.toFixed(0)}x${box.height.toFixed(0)}`;
  }

  function smallTargets(min) {
    const small = [];
    for (const el of controls()) {
      let rect = el.getBoundingClientRect();
      if (rect.right <= 0 || rect.bottom <= 0) {
        // Shown only on focus, like the skip link: measure it as it appears.
        el.focus();
        rect = el.getBoundingClientRect();
        el.blur();
      }
      // A label is part of its input's hit area: pressing it works the input.
      const labels = [...(el.labels || [])].map((label) => label.getBoundingClientRect());
      const boxes = [rect, ...labels];
      if (!boxes.some((box) => box.width >= min - 0.5 && box.height >= min - 0.5)) {
        small.push(`${describe(el)} is ${boxes.map(size).join(" / ")}`);
      }
    }
    return small;
  }

  // A control's hit area: its own box and its labels' boxes, as one rectangle.
  function hitBox(el) {
    const boxes = [el, ...(el.labels || [])].map((part) => part.getBoundingClientRect());
    return {
      left: Math.min(...boxes.map((box) => box.left)),
      top: Math.min(...boxes.map((box) => box.top)),
      right: Math.max(...boxes.map((box) => box.right)),
      bottom: Math.max(...boxes.map((box) => box.bottom)),
    };
  }

  // Pairs of controls closer than `minGap` px, edge to edge. Measured with the page
  // scrolled to its end, where anything sticky is back in its own place.
  function crowdedTargets(minGap) {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const found = controls()
      .filter((el) => el.getBoundingClientRect().right > 0)  // not the skip link
      .map((el) => ({el, box: hitBox(el)}));
    window.scrollTo(0, 0);
    const crowded = [];
    for (let i = 0; i < found.length; i++) {
      for (let j = i + 1; j < found.length; j++) {
        const a = found[i].box, b = found[j].box;
        const dx = Math.max(0, b.left - a.right, a.left - b.right);
        const dy = Math.max(0, b.top - a.bottom, a.top - b.bottom);
        const gap = Math.hypot(dx, dy);
        if (gap < minGap - 0.5) {
          crowded.push(`${describe(found[i].el)} and ${describe(found[j].el)} are `
            + `${gap.toFixed(0)} px apart`);
        }
      }
    }
    return crowded;
  }

  function clips(style) {
    return ["hidden", "clip"].includes(style.overflowX)
      || ["hidden", "clip"].includes(style.overflowY);
  }

  // Anything wider than the window, or cut off inside its box.
  function overflow() {
    const width = document.documentElement.clientWidth;
    const problems = [];
    const scroll = document.documentElement.scrollWidth;
    if (scroll > width) problems.push(`the page is ${scroll} px wide in ${width} px`);
    for (const el of document.body.querySelectorAll("*")) {
      if (!el.checkVisibility() || el.matches(".skip-link, .visually-hidden")) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width && (rect.right > width + 1 || rect.left < -1)) {
        const span = `${rect.left.toFixed(0)} to ${rect.right.toFixed(0)}`;
        problems.push(`${describe(el)} spans ${span}`);
      }
      const cut = el.scrollWidth > el.clientWidth + 1
        || el.scrollHeight > el.clientHeight + 1;
      if (clips(getComputedStyle(el)) && el.clientWidth > 1 && cut) {
        problems.push(`${describe(el)} cuts off its content`);
      }
    }
    return problems;
  }

  // Controls that something else sits on top of, so that a press misses them.
  function coveredControls() {
    const covered = [];
    for (const el of controls()) {
      if (el.getBoundingClientRect().right <= 0) continue;  // the skip link
      el.scrollIntoView({block: "center", inline: "center"});
      const rect = el.getBoundingClientRect();
      const hit = document.elementFromPoint(
        rect.left + rect.width / 2, rect.top + rect.height / 2);
      const labels = [...(el.labels || [])];
      const ok = hit && (el.contains(hit) || hit.contains(el)
        || labels.some((label) => label.contains(hit)));
      if (!ok) covered.push(`${describe(el)} is under ${hit ? describe(hit) : "nothing"}`);
    }
    window.scrollTo(0, 0);
    return covered;
  }

  // What a focus indicator can change, for an element, its labels and their
  // ::before (the screener draws radios and checkboxes on the label's ::before).
  // A transparent outline counts as none: it shows only in forced-colours mode.
  function look(target, pseudo) {
    const s = getComputedStyle(target, pseudo);
    const visibleOutline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
      && !/, 0\)$/.test(s.outlineColor) && s.outlineColor !== "transparent";
    const outline = visibleOutline ? `${s.outlineColor} ${s.outlineWidth}` : "none";
    return [outline, s.boxShadow, s.backgroundColor, s.color, s.borderTopColor,
            s.borderTopWidth, s.textDecorationLine].join("|");
  }

  function focusLook(el) {
    return [el, ...(el.labels || [])]
      .map((part) => look(part, null) + look(part, "::before")).join("||");
  }

  function allControls() {
    return [...document.querySelectorAll(CONTROLS)];
  }

  function looksBeforeFocus() {
    return allControls().map(focusLook);
  }

  // Which control has the focus (its index among all controls, or -1), its name,
  // how it looks, and whether it can be seen in the window.
  function focused() {
    const el = document.activeElement;
    const index = allControls().indexOf(el);
    if (index < 0) return {index: -1};
    const rect = el.getBoundingClientRect();
    const inView = rect.bottom > 0 && rect.right > 0
      && rect.top < window.innerHeight && rect.left < window.innerWidth;
    return {index: index, name: describe(el), look: focusLook(el), inView: inView};
  }

  // Put the keyboard at the top of the page, as when it has just loaded.
  function focusStartOfPage() {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
  }

  return {smallTargets, crowdedTargets, overflow, coveredControls, looksBeforeFocus,
          focused, focusStartOfPage};
})();
