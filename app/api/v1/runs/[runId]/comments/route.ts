import { commentRoutes } from '../../../comments/handlers';

const routes = commentRoutes('run', 'runId');
export const GET = routes.GET;
export const POST = routes.POST;
