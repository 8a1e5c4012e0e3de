import { nextTick, unref } from 'vue'

// On a phone a result often lands below the fold (the unit's details under
// the tree, the confirm step under the slots), so it looks as if nothing
// happened. reveal(el, focusEl) scrolls el into view when it is not already
// on screen (smoothly unless the person asked for reduced motion) and moves
// the focus to focusEl (or el), so a screen reader reads on from there. The
// element to focus needs tabindex="-1" when it is not focusable by itself.
// el and focusEl may be refs: they are read after the next render, when a
// result that has just appeared exists.
// { top: true } always brings el's top up (for a result that grows as it loads).
export async function reveal(elRef, focusRef, { top = false } = {}) {
  await nextTick()
  const el = unref(elRef)
  const focusEl = unref(focusRef)
  const target = el?.$el ?? el
  if (!target?.getBoundingClientRect) return
  const rect = target.getBoundingClientRect()
  const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
  // Wholly on screen when it fits (its buttons too), else from its top.
  if (rect.top < 0 || rect.bottom > window.innerHeight) {
    const fits = rect.height <= window.innerHeight
    target.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: fits && !top ? 'nearest' : 'start' })
  }
  const focus = focusEl?.$el ?? focusEl ?? target
  focus?.focus?.({ preventScroll: true })
}
