import { commentRoutes } from '../../../comments/handlers';

const routes = commentRoutes('study', 'studyId');
export const GET = routes.GET;
export const POST = routes.POST;
