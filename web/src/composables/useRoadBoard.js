import { roads } from '@/api/traffic'
import { useLoaded } from './useLoaded'
import { useMinutesAgo } from './useMinutesAgo'

// The road-conditions board (segments and current incidents) and `ago`, the
// "N minutes ago" of its times, set against the server's own clock.
export function useRoadBoard() {
  const { ago, calibrate } = useMinutesAgo()
  const { data: board, error, loading, load } = useLoaded(async () => {
    const fresh = await roads.conditions()
    calibrate(fresh.updated_at, fresh.updated_minutes_ago)
    return fresh
  })
  return { board, error, loading, load, ago }
}
