import { sectionsFor } from './consoleSections'

// Where the console opens for a role: a station chief lands on the cases
// waiting at the station (issue 12), not on officer management; other roles
// on the first page the menu shows them. null: no page (the welcome page).
const PREFERRED = {
  station_chief: 'console-queue',
}

export function landingFor(role) {
  const sections = sectionsFor(role)
  const preferred = sections.find((s) => s.name === PREFERRED[role])
  return (preferred ?? sections[0])?.name ?? null
}
