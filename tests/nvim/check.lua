-- Run by tests/nvim/run.sh inside `nvim --headless`: open a file with the documented set-up,
-- wait for servicelint's diagnostics, dump them, apply the quick fix for 不知道, dump the line.
local out = vim.env.SERVICELINT_NVIM_OUT
local root = vim.env.SERVICELINT_REPO

local function finish(result)
  local f = assert(io.open(out, "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  dofile(root .. "/editors/neovim/servicelint.lua")
  Servicelint.setup({ cmd = { vim.env.SERVICELINT_BIN, "server" } })
  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.SERVICELINT_FILE))
  vim.bo.filetype = "markdown"
  local bufnr = vim.api.nvim_get_current_buf()
  local got = vim.wait(20000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50)
  if not got then
    error("no diagnostics within 20 s")
  end
  local diags = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(diags, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      code = d.code or lsp.code,
      message = d.message,
      severity = d.severity,
      source = d.source or lsp.source,
    })
  end
  -- The quick fix on 不知道.
  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1]
    if line:sub(d.col + 1, d.end_col) == "不知道" and target == nil then
      target = d
    end
  end
  if not target then
    error("no diagnostic on 不知道")
  end
  local client = vim.lsp.get_active_clients({ name = "servicelint" })[1]
    or vim.lsp.get_active_clients()[1]
  local enc = client.offset_encoding or "utf-16"
  local line = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]
  local function unit(col)
    local _, u16 = vim.str_utfindex(line, col)
    if enc == "utf-8" then
      return col
    end
    return u16
  end
  local range = {
    start = { line = target.lnum, character = unit(target.col) },
    ["end"] = { line = target.end_lnum, character = unit(target.end_col) },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = range,
    context = { diagnostics = {} },
  }, 10000)
  local applied
  for _, resp in pairs(responses or {}) do
    for _, action in ipairs(resp.result or {}) do
      if applied == nil and action.edit and action.isPreferred == false then
        for _, edits in pairs(action.edit.changes or {}) do
          if edits[1].newText ~= "" and not edits[1].newText:find("servicelint%-disable") then
            applied = action
          end
        end
      end
    end
  end
  if not applied then
    error("no replacement quick fix")
  end
  vim.lsp.util.apply_workspace_edit(applied.edit, enc)
  finish({
    encoding = enc,
    diagnostics = diags,
    fix_title = applied.title,
    fixed_line = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1],
    modified = vim.bo[bufnr].modified,
  })
end)
if not ok then
  finish({ error = tostring(err) })
end
