// The demo's people, for the local sign-in (scripts/oidc/provider.mjs) and the Keycloak realm
// (deploy/keycloak/sinergi-realm.json, which test/deploy/compose.spec.ts holds to this list).
// Each signs in with a user name and the one demo password, and gets Sinergi's claims in the
// access token: agency, roles and region (packages/contracts/src/principal.ts). They are for a
// local installation only: a real deployment signs its people in at its own provider.

/** The one password of every demo user; written here on purpose, for a demo on one machine. */
export const DEMO_PASSWORD = 'sinergi-demo';

export const DEMO_USERS = [
  {
    username: 'analis.jakut',
    name: 'Analis BNNK Jakarta Utara',
    agency: 'BNN',
    roles: ['analyst'],
    region: '31.72',
  },
  { username: 'analis.dki', name: 'Analis BNNP DKI Jakarta', agency: 'BNN', roles: ['analyst'], region: '31' },
  { username: 'analis.nasional', name: 'Analis BNN RI', agency: 'BNN', roles: ['analyst'], region: 'ID' },
  { username: 'analis.jambi', name: 'Analis BNNP Jambi', agency: 'BNN', roles: ['analyst'], region: '15' },
  { username: 'admin.jakut', name: 'Admin BNNK Jakarta Utara', agency: 'BNN', roles: ['admin'], region: '31.72' },
  { username: 'admin.dki', name: 'Admin BNNP DKI Jakarta', agency: 'BNN', roles: ['admin'], region: '31' },
  { username: 'admin.nasional', name: 'Admin BNN RI', agency: 'BNN', roles: ['admin'], region: 'ID' },
];
