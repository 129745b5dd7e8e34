"""Handle updates of different chats concurrently, and the updates of one chat strictly in order.

A candidate uploading a CV must not hold up everybody else, but the steps of one conversation
(first name, then last name, ...) must be handled in the order they were sent. Updates reach
`do_process_update` in the order Telegram returned them, and asyncio locks are FIFO, so a per-chat
lock keeps each chat's order.
"""

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 32) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._users[chat.id] = self._users.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[chat.id] -= 1
            if self._users[chat.id] == 0:  # nobody waits: forget the chat, the dict stays small
                del self._users[chat.id]
                del self._locks[chat.id]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
