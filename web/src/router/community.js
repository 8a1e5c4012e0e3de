import { Avatar, House, MapLocation, UserFilled } from '@element-plus/icons-vue'
import { can } from '@/utils/permissions'

// Community policing's console pages (issue 10): 网格 with their dashboards,
// 实有人口 (search, record, edit), 出租屋 and 自治小组, for the community
// police (auxiliary, officer, station chief, unit admin).
export const communityConsoleSections = [
  {
    name: 'console-grids',
    path: 'community/grids',
    titleKey: 'comm.menu.grids',
    icon: MapLocation,
    allowed: can.communityWork,
    component: () => import('@/views/console/community/ConsoleGridsView.vue'),
  },
  {
    name: 'console-residents',
    path: 'community/residents',
    titleKey: 'comm.menu.residents',
    icon: UserFilled,
    allowed: can.communityWork,
    component: () => import('@/views/console/community/ConsoleResidentsView.vue'),
  },
  {
    name: 'console-houses',
    path: 'community/houses',
    titleKey: 'comm.menu.houses',
    icon: House,
    allowed: can.communityWork,
    component: () => import('@/views/console/community/ConsoleHousesView.vue'),
  },
  {
    name: 'console-groups',
    path: 'community/groups',
    titleKey: 'comm.menu.groups',
    icon: Avatar,
    allowed: can.communityWork,
    component: () => import('@/views/console/community/ConsoleGroupsView.vue'),
  },
]

// Pages opened from those lists.
export const communityConsoleRoutes = [
  {
    path: 'community/grids/:id(\\d+)',
    name: 'console-grid',
    component: () => import('@/views/console/community/ConsoleGridView.vue'),
    meta: { titleKey: 'comm.grid.title', allowed: can.communityWork },
  },
  {
    path: 'community/residents/:id(\\d+|new)',
    name: 'console-resident',
    component: () => import('@/views/console/community/ConsoleResidentView.vue'),
    meta: { titleKey: 'comm.resident.title', allowed: can.communityWork },
  },
]
