import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuth, CurrentUser, type AuthUser } from '../auth/index.js';
import { InboxItemView, InboxQuery } from './dto/inbox.view.js';
import { InboxService } from './inbox.service.js';

@ApiTags('inbox')
@ApiAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({
    summary: 'What is waiting for you: open items addressed to your unit and the units below it, soonest deadline first',
    description:
      "submit / resubmit (with the reason it was returned): a stage of a unit's task; decide: a submission awaiting the plan's issuer; overdue: a missed deadline escalated to the unit's head or to the issuer. Auditors see every open item.",
  })
  @ApiOkResponse({ type: [InboxItemView] })
  @ApiBadRequestResponse({ description: 'Invalid query; the message names the parameter' })
  list(@CurrentUser() user: AuthUser, @Query() query: InboxQuery): Promise<InboxItemView[]> {
    return this.inbox.list(user, query);
  }
}
