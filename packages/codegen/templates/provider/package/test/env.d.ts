/// <reference types="@specforge/mock/vitest" />
