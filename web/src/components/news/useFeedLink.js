import { onBeforeUnmount, onMounted } from 'vue'
import { NEWS_FEED_URL } from '@/api/news'

// While a news page is shown, the page head names the Atom feed
// (<link rel="alternate" type="application/atom+xml">) so that browsers and
// feed readers find it; the link goes when the page does.
export function useFeedLink(title) {
  let link = null
  onMounted(() => {
    link = document.createElement('link')
    link.rel = 'alternate'
    link.type = 'application/atom+xml'
    link.href = NEWS_FEED_URL
    link.title = title
    link.dataset.jwFeed = 'news'
    document.head.appendChild(link)
  })
  onBeforeUnmount(() => link?.remove())
}
