// The portal pages whose HTML carries their title, heading and introduction
// before any JavaScript runs (written into web/dist/<path>/index.html at
// build time by web/build/pageShells.js, served by jingwu for that path).
// On a slow phone the page's words show at once; the app then starts and
// takes the page over. Keys are the zh-CN messages the page itself shows
// (title: the route's meta.titleKey; heading and intro: the view's h1 and
// its introduction); a test compares the HTML with the running page.
export const pageShells = [
  { path: '/traffic/violations', title: 'traffic.tabs.violations', heading: 'traffic.title', intro: 'traffic.intro' },
  { path: '/news', title: 'news.title', heading: 'news.title', intro: 'news.intro' },
  { path: '/statistics', title: 'portal.stats.title', heading: 'portal.stats.title', intro: 'portal.stats.intro' },
  { path: '/signin', title: 'auth.signInTitle', heading: 'auth.signInTitle', intro: 'auth.signInIntro' },
]
