import { onBeforeUnmount, onMounted, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { usePrefsStore } from '@/stores/prefs'

// A chart's life in a component: ECharts drawn into the element `box` (a
// template ref) from option(fontSize), redrawn when source() changes, when
// the language changes and when the elder-friendly mode changes (ECharts
// draws its own text: 16 px there, 12 px otherwise), resized with its box and
// disposed with the component.
//
// ECharts itself is loaded when the chart is mounted (its own chunk), or with
// { whenVisible: true } only once the box comes near the screen: a chart
// below the fold of the home page costs a phone nothing until it scrolls.
export function useChart(box, option, source, { whenVisible = false } = {}) {
  const { locale } = useI18n()
  const prefs = usePrefsStore()
  let chart = null
  let resizeObserver = null
  let visibility = null
  let disposed = false

  function render() {
    if (!chart) return
    const size = document.documentElement.classList.contains('jw-elder') ? 16 : 12
    chart.setOption(option(size), true)
  }

  async function draw() {
    const { init } = await import('@/utils/echarts')
    if (disposed || !box.value) return
    chart = init(box.value)
    render()
    resizeObserver = new ResizeObserver(() => chart.resize())
    resizeObserver.observe(box.value)
  }

  onMounted(() => {
    if (!whenVisible || typeof IntersectionObserver === 'undefined') {
      draw()
      return
    }
    visibility = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return
        visibility.disconnect()
        visibility = null
        draw()
      },
      { rootMargin: '0px' },
    )
    visibility.observe(box.value)
  })
  watch([source, locale, () => prefs.elder], () => setTimeout(render))
  onBeforeUnmount(() => {
    disposed = true
    visibility?.disconnect()
    resizeObserver?.disconnect()
    chart?.dispose()
  })
}
