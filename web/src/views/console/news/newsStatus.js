// An article's status as the console shows it: a published article whose
// time has not come is "scheduled" (the server keeps it published and hides
// it from the public until then).
export function shownStatus(article, now = Date.now()) {
  if (article.status === 'published' && article.publish_at && Date.parse(article.publish_at) > now) return 'scheduled'
  return article.status
}

export const STATUS_TAG = {
  draft: 'info',
  in_review: 'warning',
  published: 'success',
  scheduled: 'primary',
  unpublished: 'danger',
}

// The filter's choices: the server's statuses plus "scheduled".
export const STATUS_FILTERS = ['draft', 'in_review', 'published', 'scheduled', 'unpublished']
