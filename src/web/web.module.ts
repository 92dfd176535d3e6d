import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PublicationModule } from '../publication/publication.module';
import { DocumentsModule } from '../documents/documents.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { PagesModule } from './pages.module';
import { SessionPagesController } from './session-pages.controller';
import { MemoPagesController } from './memo-pages.controller';
import { ProfilePagesController } from './profile-pages.controller';
import { PublishPagesController } from './publish-pages.controller';
import { AdminPagesController } from './admin-pages.controller';
import { UsersModule } from '../users/users.module';
import { WebContext } from './web-context';
import { AccountPagesController } from './account-pages.controller';
import { PlatformPagesController } from './platform-pages.controller';
import { PublicPagesController } from './public-pages.controller';
import { PlatformModule } from '../platform/platform.module';

/** The web interface, server-rendered from templates/pages: the public site and the staff pages. */
@Module({
  imports: [PagesModule, AuthModule, WorkflowModule, DocumentsModule, PublicationModule, OrganizationsModule, UsersModule, PlatformModule],
  controllers: [PublicPagesController, SessionPagesController, AccountPagesController, PlatformPagesController, MemoPagesController, PublishPagesController, ProfilePagesController, AdminPagesController],
  providers: [WebContext],
})
export class WebModule {}
