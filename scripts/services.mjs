// What the local stack runs: every app with a migrate step, then every service.
export const MIGRATING_SERVICES = ['rehab', 'enforcement', 'prevention', 'reporting'];
export const SERVICES = ['rehab', 'enforcement', 'prevention', 'reporting', 'gateway'];
