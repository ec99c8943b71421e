export {
  DASHBOARD_PATH,
  DashboardAuthError,
  dashboardCredentials,
  mountDashboard,
} from './dashboard.js';
export type { DashboardOptions } from './dashboard.js';
