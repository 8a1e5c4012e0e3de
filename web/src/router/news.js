import { Notebook } from '@element-plus/icons-vue'
import { can } from '@/utils/permissions'

// Police news (走进警营, issue 12): the public list and article pages; the
// console's articles (writers) with the editor and the review. Both public
// pages draw their own breadcrumbs (the article's with its title), so the
// layout's are off (breadcrumb: false): one trail per page.
export const newsPortalRoutes = [
  {
    path: 'news',
    name: 'news',
    component: () => import('@/views/news/NewsListView.vue'),
    meta: { titleKey: 'news.title', news: true, breadcrumb: false },
  },
  {
    path: 'news/:key([a-z0-9][a-z0-9-]{0,79})',
    name: 'news-article',
    component: () => import('@/views/news/NewsArticleView.vue'),
    meta: { titleKey: 'news.title', news: true, breadcrumb: false },
  },
]

// For the portal's navigation (the header is the home page's work).
export const newsNavItem = {
  key: 'news.nav',
  to: { name: 'news' },
  test: 'nav-news',
  matches: (route) => Boolean(route.meta.news),
}

export const newsConsoleSections = [
  {
    name: 'console-news',
    path: 'news',
    titleKey: 'news.console.menu',
    icon: Notebook,
    allowed: can.writeNews,
    component: () => import('@/views/console/news/ConsoleNewsView.vue'),
  },
]

// The editor (a new article or one by id) and the review: reached from the list.
export const newsConsoleRoutes = [
  {
    path: 'news/new',
    name: 'console-news-new',
    component: () => import('@/views/console/news/ConsoleNewsEditView.vue'),
    meta: { titleKey: 'news.console.newTitle', allowed: can.writeNews },
  },
  {
    path: 'news/:id(\\d+)',
    name: 'console-news-edit',
    component: () => import('@/views/console/news/ConsoleNewsEditView.vue'),
    meta: { titleKey: 'news.console.article', allowed: can.writeNews },
  },
]
