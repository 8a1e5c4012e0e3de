import { nextTick } from 'vue'

// On a phone a result often lands below the fold (the unit's details under
// the tree, the confirm step under the slots), so it looks as if nothing
// happened. reveal(el, focusEl) scrolls el into view when it is not already
// on screen (smoothly unless the person asked for reduced motion) and moves
// the focus to focusEl (or el), so a screen reader reads on from there. The
// element to focus needs tabindex="-1" when it is not focusable by itself.
export async function reveal(el, focusEl) {
  await nextTick()
  const target = el?.$el ?? el
  if (!target?.getBoundingClientRect) return
  const rect = target.getBoundingClientRect()
  const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
  if (rect.top < 0 || rect.top > window.innerHeight - 120) {
    target.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' })
  }
  const focus = focusEl?.$el ?? focusEl ?? target
  focus?.focus?.({ preventScroll: true })
}
