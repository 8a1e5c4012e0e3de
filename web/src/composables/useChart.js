import { onBeforeUnmount, onMounted, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { init, use } from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import { usePrefsStore } from '@/stores/prefs'

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

// A bar/line chart's life in a component: ECharts drawn into the element
// `box` (a template ref) from option(fontSize), redrawn when source() changes,
// when the language changes and when the elder-friendly mode changes (ECharts
// draws its own text: 16 px there, 12 px otherwise), resized with its box and
// disposed with the component.
export function useChart(box, option, source) {
  const { locale } = useI18n()
  const prefs = usePrefsStore()
  let chart = null
  let resizeObserver = null

  function render() {
    const size = document.documentElement.classList.contains('jw-elder') ? 16 : 12
    chart.setOption(option(size), true)
  }

  onMounted(() => {
    chart = init(box.value)
    render()
    resizeObserver = new ResizeObserver(() => chart.resize())
    resizeObserver.observe(box.value)
  })
  watch([source, locale, () => prefs.elder], () => setTimeout(render))
  onBeforeUnmount(() => {
    resizeObserver.disconnect()
    chart.dispose()
  })
}
