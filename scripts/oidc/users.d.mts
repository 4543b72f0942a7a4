export interface DemoUser {
  username: string;
  name: string;
  agency: string;
  roles: string[];
  region: string;
}
export const DEMO_PASSWORD: string;
export const DEMO_USERS: DemoUser[];
