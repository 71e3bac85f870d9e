"""People in the window (issue 26): the login dialog, 用户与权限 and 操作日志."""
