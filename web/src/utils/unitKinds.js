export const UNIT_KINDS = [
  'bureau',
  'branch',
  'station',
  'community_station',
  'village_office',
  'traffic_brigade',
  'inspection_station',
]

// The usual kind of a new unit under a parent of the given kind.
const CHILD_KIND = {
  bureau: 'branch',
  branch: 'station',
  station: 'community_station',
  community_station: 'village_office',
  traffic_brigade: 'inspection_station',
}

export function childKindOf(parentKind) {
  return CHILD_KIND[parentKind] ?? 'community_station'
}
