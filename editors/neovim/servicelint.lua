-- servicelint as a language server in Neovim: diagnostics as you type, quick fixes from the
-- suggestions (`vim.lsp.buf.code_action()`), the rule's standard on hover (`K`).
--
-- Put this file on your runtimepath (e.g. ~/.config/nvim/lua/servicelint.lua) and call
--   require("servicelint").setup()
-- or `:luafile path/to/servicelint.lua` and call `Servicelint.setup()`. Options:
--   cmd        the command to start (default { "servicelint", "server" })
--   filetypes  which buffers to attach to (default { "markdown", "text" })
-- Works with Neovim 0.7 (vim.lsp.start_client) and 0.8+ (vim.lsp.start).

local M = {}

local function root_of(fname)
  local dir = vim.fn.fnamemodify(fname, ":p:h")
  local found = vim.fn.findfile("servicelint.toml", dir .. ";")
  if found == "" then
    found = vim.fn.finddir(".git", dir .. ";")
  end
  if found ~= "" then
    return vim.fn.fnamemodify(found, ":p:h:h")
  end
  return dir
end

function M.attach(bufnr, opts)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == "" then
    return
  end
  local config = {
    name = "servicelint",
    cmd = opts.cmd or { "servicelint", "server" },
    root_dir = root_of(fname),
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  -- Neovim 0.7: one client per root, attached to each buffer.
  M.clients = M.clients or {}
  local id = M.clients[config.root_dir]
  if not id or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(config)
    M.clients[config.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(opts)
  opts = opts or {}
  local group = vim.api.nvim_create_augroup("servicelint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = opts.filetypes or { "markdown", "text" },
    callback = function(args)
      M.attach(args.buf, opts)
    end,
  })
end

Servicelint = M
return M
