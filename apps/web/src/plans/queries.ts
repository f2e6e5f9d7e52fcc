import { api, call } from '../api/client';

/** How often live pages ask again (the tree, the inbox, the plan list): the "live updates" of the screens. */
export const LIVE_MS = 4000;

/** A plan's cascade tree (GET /plans/:id), shared by every page that shows it, so they share one cache entry. */
export const planTreeQuery = (planId: string, onlyLate = false) => ({
  queryKey: ['plan', planId, onlyLate],
  queryFn: () => call(api.GET('/plans/{id}', { params: { path: { id: planId }, query: { onlyLate } } })),
});
