import { commentRoutes } from '../../../comments/handlers';

const routes = commentRoutes('comparison', 'comparisonId');
export const GET = routes.GET;
export const POST = routes.POST;
