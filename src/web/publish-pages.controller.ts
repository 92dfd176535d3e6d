import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { Auth, WebPage } from '../auth/auth.decorators';
import { PublicationService } from '../publication/publication.service';
import { PageRenderer } from './page-renderer';
import { cursorParam, pagerLinks } from './pager';
import { WebContext } from './web-context';

/** The webmaster's page: what waits to be published, and what is. */
@ApiExcludeController()
@WebPage()
@Controller('publish')
export class PublishPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly context: WebContext,
    private readonly publication: PublicationService,
  ) {}

  @Get()
  async publishQueue(@Auth() auth: AuthContext, @Query() query: Record<string, unknown>, @Res() response: Response) {
    const STATUS = { current: 'เผยแพร่อยู่', superseded: 'มีฉบับใหม่แทน', withdrawn: 'ถอนแล้ว' } as const;
    const [queue, published] = await Promise.all([
      this.publication.queue(auth, { cursor: cursorParam(query.queue) }),
      this.publication.list(auth, { cursor: cursorParam(query.published) }),
    ]);
    response.type('html').send(
      this.pages.render('staff/publish', {
        ...(await this.context.of(auth)),
        queue: queue.items,
        queuePager: pagerLinks('หน้าของรายการรอเผยแพร่', '/publish', {}, queue, { param: 'queue' }),
        published: published.items.map((p) => ({ ...p, current: p.status === 'current', statusText: STATUS[p.status] })),
        publishedPager: pagerLinks('หน้าของรายการที่เผยแพร่แล้ว', '/publish', {}, published, { param: 'published', anchor: 'published' }),
      }),
    );
  }
}
