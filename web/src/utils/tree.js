// Helpers for the unit tree returned by GET /api/v1/units?format=tree.

export function findUnit(nodes, id) {
  for (const node of nodes) {
    if (node.id === id) return node
    const found = findUnit(node.children ?? [], id)
    if (found) return found
  }
  return null
}

export function collectIds(nodes, depth) {
  if (depth <= 0) return []
  return nodes.flatMap((node) => [node.id, ...collectIds(node.children ?? [], depth - 1)])
}
