// The parts of ECharts the charts use, registered once. Only imported
// dynamically (see composables/useChart): ECharts is about 150 KiB of gzip
// JavaScript that no page needs before its first chart is drawn.
import { init, use } from 'echarts/core'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { init }
