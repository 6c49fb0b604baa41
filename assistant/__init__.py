"""政府信息公开年报助手 (annual government-information-disclosure report assistant)."""

__version__ = "0.1.0"
