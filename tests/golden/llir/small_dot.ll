; ModuleID = "small_dot"
target triple = "x86_64-unknown-linux-gnu"
target datalayout = ""

define i32 @"small_dot_grid"(ptr %"args", ptr %"grid", i64 %"start", i64 %"end", ptr %"ranges", i64 %"nranges") nounwind
{
entry:
  %".8" = getelementptr ptr, ptr %"args", i64 0
  %".9" = load ptr, ptr %".8"
  %"C" = load ptr, ptr %".9"
  %".10" = getelementptr ptr, ptr %"args", i64 1
  %".11" = load ptr, ptr %".10"
  %"A" = load ptr, ptr %".11"
  %".12" = getelementptr ptr, ptr %"args", i64 2
  %".13" = load ptr, ptr %".12"
  %"B" = load ptr, ptr %".13"
  %".14" = getelementptr i64, ptr %"grid", i64 0
  %".15" = load i64, ptr %".14"
  %".16" = getelementptr i64, ptr %"grid", i64 1
  %".17" = load i64, ptr %".16"
  %".18" = getelementptr i64, ptr %"grid", i64 2
  %".19" = load i64, ptr %".18"
  %".20" = trunc i64 %".15" to i32
  %".21" = trunc i64 %".17" to i32
  %".22" = trunc i64 %".19" to i32
  %".133" = alloca float, i32 256, align 64
  %".134" = alloca float, i32 256, align 64
  %".295" = alloca float, i32 256, align 64
  br label %"grid.header"
grid.header:
  %"pid" = phi  i64 [%"start", %"entry"], [%".862", %"loop.exit"]
  %".24" = icmp slt i64 %"pid", %"end"
  br i1 %".24", label %"grid.body", label %"grid.exit"
grid.body:
  %".26" = srem i64 %"pid", %".15"
  %".27" = sdiv i64 %"pid", %".15"
  %".28" = srem i64 %".27", %".17"
  %".29" = sdiv i64 %".27", %".17"
  %"pid0" = trunc i64 %".26" to i32
  %"pid1" = trunc i64 %".28" to i32
  %"pid2" = trunc i64 %".29" to i32
  %".30" = mul <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>, <i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16>
  %".31" = insertelement <1 x ptr> <ptr undef>, ptr %"A", i32 0
  %".32" = shufflevector <1 x ptr> %".31", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".33" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".34" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %".35" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2>
  %".36" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3>
  %".37" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %".38" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5>
  %".39" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6>
  %".40" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7>
  %".41" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %".42" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9>
  %".43" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10>
  %".44" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11>
  %".45" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %".46" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13>
  %".47" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14>
  %".48" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %".49" = add <16 x i32> %".33", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".50" = add <16 x i32> %".34", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".51" = add <16 x i32> %".35", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".52" = add <16 x i32> %".36", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".53" = add <16 x i32> %".37", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".54" = add <16 x i32> %".38", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".55" = add <16 x i32> %".39", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".56" = add <16 x i32> %".40", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".57" = add <16 x i32> %".41", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".58" = add <16 x i32> %".42", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".59" = add <16 x i32> %".43", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".60" = add <16 x i32> %".44", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".61" = add <16 x i32> %".45", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".62" = add <16 x i32> %".46", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".63" = add <16 x i32> %".47", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".64" = add <16 x i32> %".48", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".65" = insertelement <1 x ptr> <ptr undef>, ptr %"B", i32 0
  %".66" = shufflevector <1 x ptr> %".65", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".67" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".68" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %".69" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2>
  %".70" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3>
  %".71" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %".72" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5>
  %".73" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6>
  %".74" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7>
  %".75" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %".76" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9>
  %".77" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10>
  %".78" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11>
  %".79" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %".80" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13>
  %".81" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14>
  %".82" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %".83" = add <16 x i32> %".67", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".84" = add <16 x i32> %".68", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".85" = add <16 x i32> %".69", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".86" = add <16 x i32> %".70", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".87" = add <16 x i32> %".71", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".88" = add <16 x i32> %".72", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".89" = add <16 x i32> %".73", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".90" = add <16 x i32> %".74", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".91" = add <16 x i32> %".75", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".92" = add <16 x i32> %".76", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".93" = add <16 x i32> %".77", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".94" = add <16 x i32> %".78", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".95" = add <16 x i32> %".79", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".96" = add <16 x i32> %".80", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".97" = add <16 x i32> %".81", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".98" = add <16 x i32> %".82", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".99" = insertelement <1 x ptr> <ptr undef>, ptr %"C", i32 0
  %".100" = shufflevector <1 x ptr> %".99", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".101" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".102" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %".103" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2>
  %".104" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3>
  %".105" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %".106" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5>
  %".107" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6>
  %".108" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7>
  %".109" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %".110" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9>
  %".111" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10>
  %".112" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11>
  %".113" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %".114" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13>
  %".115" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14>
  %".116" = shufflevector <16 x i32> %".30", <16 x i32> <i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef, i32 undef>, <16 x i32> <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %".117" = add <16 x i32> %".101", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".118" = add <16 x i32> %".102", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".119" = add <16 x i32> %".103", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".120" = add <16 x i32> %".104", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".121" = add <16 x i32> %".105", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".122" = add <16 x i32> %".106", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".123" = add <16 x i32> %".107", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".124" = add <16 x i32> %".108", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".125" = add <16 x i32> %".109", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".126" = add <16 x i32> %".110", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".127" = add <16 x i32> %".111", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".128" = add <16 x i32> %".112", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".129" = add <16 x i32> %".113", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".130" = add <16 x i32> %".114", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".131" = add <16 x i32> %".115", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".132" = add <16 x i32> %".116", <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".135" = extractelement <16 x i32> %".49", i32 0
  %".136" = getelementptr float, ptr %"A", i32 %".135"
  %".137" = load <16 x float>, ptr %".136", align 4
  %".138" = getelementptr float, ptr %".133", i64 0
  store <16 x float> %".137", ptr %".138", align 4
  %".140" = extractelement <16 x i32> %".50", i32 0
  %".141" = getelementptr float, ptr %"A", i32 %".140"
  %".142" = load <16 x float>, ptr %".141", align 4
  %".143" = getelementptr float, ptr %".133", i64 16
  store <16 x float> %".142", ptr %".143", align 4
  %".145" = extractelement <16 x i32> %".51", i32 0
  %".146" = getelementptr float, ptr %"A", i32 %".145"
  %".147" = load <16 x float>, ptr %".146", align 4
  %".148" = getelementptr float, ptr %".133", i64 32
  store <16 x float> %".147", ptr %".148", align 4
  %".150" = extractelement <16 x i32> %".52", i32 0
  %".151" = getelementptr float, ptr %"A", i32 %".150"
  %".152" = load <16 x float>, ptr %".151", align 4
  %".153" = getelementptr float, ptr %".133", i64 48
  store <16 x float> %".152", ptr %".153", align 4
  %".155" = extractelement <16 x i32> %".53", i32 0
  %".156" = getelementptr float, ptr %"A", i32 %".155"
  %".157" = load <16 x float>, ptr %".156", align 4
  %".158" = getelementptr float, ptr %".133", i64 64
  store <16 x float> %".157", ptr %".158", align 4
  %".160" = extractelement <16 x i32> %".54", i32 0
  %".161" = getelementptr float, ptr %"A", i32 %".160"
  %".162" = load <16 x float>, ptr %".161", align 4
  %".163" = getelementptr float, ptr %".133", i64 80
  store <16 x float> %".162", ptr %".163", align 4
  %".165" = extractelement <16 x i32> %".55", i32 0
  %".166" = getelementptr float, ptr %"A", i32 %".165"
  %".167" = load <16 x float>, ptr %".166", align 4
  %".168" = getelementptr float, ptr %".133", i64 96
  store <16 x float> %".167", ptr %".168", align 4
  %".170" = extractelement <16 x i32> %".56", i32 0
  %".171" = getelementptr float, ptr %"A", i32 %".170"
  %".172" = load <16 x float>, ptr %".171", align 4
  %".173" = getelementptr float, ptr %".133", i64 112
  store <16 x float> %".172", ptr %".173", align 4
  %".175" = extractelement <16 x i32> %".57", i32 0
  %".176" = getelementptr float, ptr %"A", i32 %".175"
  %".177" = load <16 x float>, ptr %".176", align 4
  %".178" = getelementptr float, ptr %".133", i64 128
  store <16 x float> %".177", ptr %".178", align 4
  %".180" = extractelement <16 x i32> %".58", i32 0
  %".181" = getelementptr float, ptr %"A", i32 %".180"
  %".182" = load <16 x float>, ptr %".181", align 4
  %".183" = getelementptr float, ptr %".133", i64 144
  store <16 x float> %".182", ptr %".183", align 4
  %".185" = extractelement <16 x i32> %".59", i32 0
  %".186" = getelementptr float, ptr %"A", i32 %".185"
  %".187" = load <16 x float>, ptr %".186", align 4
  %".188" = getelementptr float, ptr %".133", i64 160
  store <16 x float> %".187", ptr %".188", align 4
  %".190" = extractelement <16 x i32> %".60", i32 0
  %".191" = getelementptr float, ptr %"A", i32 %".190"
  %".192" = load <16 x float>, ptr %".191", align 4
  %".193" = getelementptr float, ptr %".133", i64 176
  store <16 x float> %".192", ptr %".193", align 4
  %".195" = extractelement <16 x i32> %".61", i32 0
  %".196" = getelementptr float, ptr %"A", i32 %".195"
  %".197" = load <16 x float>, ptr %".196", align 4
  %".198" = getelementptr float, ptr %".133", i64 192
  store <16 x float> %".197", ptr %".198", align 4
  %".200" = extractelement <16 x i32> %".62", i32 0
  %".201" = getelementptr float, ptr %"A", i32 %".200"
  %".202" = load <16 x float>, ptr %".201", align 4
  %".203" = getelementptr float, ptr %".133", i64 208
  store <16 x float> %".202", ptr %".203", align 4
  %".205" = extractelement <16 x i32> %".63", i32 0
  %".206" = getelementptr float, ptr %"A", i32 %".205"
  %".207" = load <16 x float>, ptr %".206", align 4
  %".208" = getelementptr float, ptr %".133", i64 224
  store <16 x float> %".207", ptr %".208", align 4
  %".210" = extractelement <16 x i32> %".64", i32 0
  %".211" = getelementptr float, ptr %"A", i32 %".210"
  %".212" = load <16 x float>, ptr %".211", align 4
  %".213" = getelementptr float, ptr %".133", i64 240
  store <16 x float> %".212", ptr %".213", align 4
  %".215" = extractelement <16 x i32> %".83", i32 0
  %".216" = getelementptr float, ptr %"B", i32 %".215"
  %".217" = load <16 x float>, ptr %".216", align 4
  %".218" = getelementptr float, ptr %".134", i64 0
  store <16 x float> %".217", ptr %".218", align 4
  %".220" = extractelement <16 x i32> %".84", i32 0
  %".221" = getelementptr float, ptr %"B", i32 %".220"
  %".222" = load <16 x float>, ptr %".221", align 4
  %".223" = getelementptr float, ptr %".134", i64 16
  store <16 x float> %".222", ptr %".223", align 4
  %".225" = extractelement <16 x i32> %".85", i32 0
  %".226" = getelementptr float, ptr %"B", i32 %".225"
  %".227" = load <16 x float>, ptr %".226", align 4
  %".228" = getelementptr float, ptr %".134", i64 32
  store <16 x float> %".227", ptr %".228", align 4
  %".230" = extractelement <16 x i32> %".86", i32 0
  %".231" = getelementptr float, ptr %"B", i32 %".230"
  %".232" = load <16 x float>, ptr %".231", align 4
  %".233" = getelementptr float, ptr %".134", i64 48
  store <16 x float> %".232", ptr %".233", align 4
  %".235" = extractelement <16 x i32> %".87", i32 0
  %".236" = getelementptr float, ptr %"B", i32 %".235"
  %".237" = load <16 x float>, ptr %".236", align 4
  %".238" = getelementptr float, ptr %".134", i64 64
  store <16 x float> %".237", ptr %".238", align 4
  %".240" = extractelement <16 x i32> %".88", i32 0
  %".241" = getelementptr float, ptr %"B", i32 %".240"
  %".242" = load <16 x float>, ptr %".241", align 4
  %".243" = getelementptr float, ptr %".134", i64 80
  store <16 x float> %".242", ptr %".243", align 4
  %".245" = extractelement <16 x i32> %".89", i32 0
  %".246" = getelementptr float, ptr %"B", i32 %".245"
  %".247" = load <16 x float>, ptr %".246", align 4
  %".248" = getelementptr float, ptr %".134", i64 96
  store <16 x float> %".247", ptr %".248", align 4
  %".250" = extractelement <16 x i32> %".90", i32 0
  %".251" = getelementptr float, ptr %"B", i32 %".250"
  %".252" = load <16 x float>, ptr %".251", align 4
  %".253" = getelementptr float, ptr %".134", i64 112
  store <16 x float> %".252", ptr %".253", align 4
  %".255" = extractelement <16 x i32> %".91", i32 0
  %".256" = getelementptr float, ptr %"B", i32 %".255"
  %".257" = load <16 x float>, ptr %".256", align 4
  %".258" = getelementptr float, ptr %".134", i64 128
  store <16 x float> %".257", ptr %".258", align 4
  %".260" = extractelement <16 x i32> %".92", i32 0
  %".261" = getelementptr float, ptr %"B", i32 %".260"
  %".262" = load <16 x float>, ptr %".261", align 4
  %".263" = getelementptr float, ptr %".134", i64 144
  store <16 x float> %".262", ptr %".263", align 4
  %".265" = extractelement <16 x i32> %".93", i32 0
  %".266" = getelementptr float, ptr %"B", i32 %".265"
  %".267" = load <16 x float>, ptr %".266", align 4
  %".268" = getelementptr float, ptr %".134", i64 160
  store <16 x float> %".267", ptr %".268", align 4
  %".270" = extractelement <16 x i32> %".94", i32 0
  %".271" = getelementptr float, ptr %"B", i32 %".270"
  %".272" = load <16 x float>, ptr %".271", align 4
  %".273" = getelementptr float, ptr %".134", i64 176
  store <16 x float> %".272", ptr %".273", align 4
  %".275" = extractelement <16 x i32> %".95", i32 0
  %".276" = getelementptr float, ptr %"B", i32 %".275"
  %".277" = load <16 x float>, ptr %".276", align 4
  %".278" = getelementptr float, ptr %".134", i64 192
  store <16 x float> %".277", ptr %".278", align 4
  %".280" = extractelement <16 x i32> %".96", i32 0
  %".281" = getelementptr float, ptr %"B", i32 %".280"
  %".282" = load <16 x float>, ptr %".281", align 4
  %".283" = getelementptr float, ptr %".134", i64 208
  store <16 x float> %".282", ptr %".283", align 4
  %".285" = extractelement <16 x i32> %".97", i32 0
  %".286" = getelementptr float, ptr %"B", i32 %".285"
  %".287" = load <16 x float>, ptr %".286", align 4
  %".288" = getelementptr float, ptr %".134", i64 224
  store <16 x float> %".287", ptr %".288", align 4
  %".290" = extractelement <16 x i32> %".98", i32 0
  %".291" = getelementptr float, ptr %"B", i32 %".290"
  %".292" = load <16 x float>, ptr %".291", align 4
  %".293" = getelementptr float, ptr %".134", i64 240
  store <16 x float> %".292", ptr %".293", align 4
  %".296" = getelementptr float, ptr %".295", i64 0
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".296", align 4
  %".298" = getelementptr float, ptr %".295", i64 16
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".298", align 4
  %".300" = getelementptr float, ptr %".295", i64 32
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".300", align 4
  %".302" = getelementptr float, ptr %".295", i64 48
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".302", align 4
  %".304" = getelementptr float, ptr %".295", i64 64
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".304", align 4
  %".306" = getelementptr float, ptr %".295", i64 80
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".306", align 4
  %".308" = getelementptr float, ptr %".295", i64 96
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".308", align 4
  %".310" = getelementptr float, ptr %".295", i64 112
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".310", align 4
  %".312" = getelementptr float, ptr %".295", i64 128
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".312", align 4
  %".314" = getelementptr float, ptr %".295", i64 144
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".314", align 4
  %".316" = getelementptr float, ptr %".295", i64 160
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".316", align 4
  %".318" = getelementptr float, ptr %".295", i64 176
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".318", align 4
  %".320" = getelementptr float, ptr %".295", i64 192
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".320", align 4
  %".322" = getelementptr float, ptr %".295", i64 208
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".322", align 4
  %".324" = getelementptr float, ptr %".295", i64 224
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".324", align 4
  %".326" = getelementptr float, ptr %".295", i64 240
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".326", align 4
  br label %"loop.header"
grid.exit:
  ret i32 0
loop.header:
  %".329" = phi  i64 [0, %"grid.body"], [%".780", %"loop.exit.1"]
  %".330" = icmp slt i64 %".329", 16
  br i1 %".330", label %"loop.body", label %"loop.exit"
loop.body:
  br label %"loop.header.1"
loop.exit:
  %".782" = getelementptr float, ptr %".295", i64 0
  %".783" = load <16 x float>, ptr %".782", align 4
  %".784" = getelementptr float, ptr %".295", i64 16
  %".785" = load <16 x float>, ptr %".784", align 4
  %".786" = getelementptr float, ptr %".295", i64 32
  %".787" = load <16 x float>, ptr %".786", align 4
  %".788" = getelementptr float, ptr %".295", i64 48
  %".789" = load <16 x float>, ptr %".788", align 4
  %".790" = getelementptr float, ptr %".295", i64 64
  %".791" = load <16 x float>, ptr %".790", align 4
  %".792" = getelementptr float, ptr %".295", i64 80
  %".793" = load <16 x float>, ptr %".792", align 4
  %".794" = getelementptr float, ptr %".295", i64 96
  %".795" = load <16 x float>, ptr %".794", align 4
  %".796" = getelementptr float, ptr %".295", i64 112
  %".797" = load <16 x float>, ptr %".796", align 4
  %".798" = getelementptr float, ptr %".295", i64 128
  %".799" = load <16 x float>, ptr %".798", align 4
  %".800" = getelementptr float, ptr %".295", i64 144
  %".801" = load <16 x float>, ptr %".800", align 4
  %".802" = getelementptr float, ptr %".295", i64 160
  %".803" = load <16 x float>, ptr %".802", align 4
  %".804" = getelementptr float, ptr %".295", i64 176
  %".805" = load <16 x float>, ptr %".804", align 4
  %".806" = getelementptr float, ptr %".295", i64 192
  %".807" = load <16 x float>, ptr %".806", align 4
  %".808" = getelementptr float, ptr %".295", i64 208
  %".809" = load <16 x float>, ptr %".808", align 4
  %".810" = getelementptr float, ptr %".295", i64 224
  %".811" = load <16 x float>, ptr %".810", align 4
  %".812" = getelementptr float, ptr %".295", i64 240
  %".813" = load <16 x float>, ptr %".812", align 4
  %".814" = extractelement <16 x i32> %".117", i32 0
  %".815" = getelementptr float, ptr %"C", i32 %".814"
  store <16 x float> %".783", ptr %".815", align 4
  %".817" = extractelement <16 x i32> %".118", i32 0
  %".818" = getelementptr float, ptr %"C", i32 %".817"
  store <16 x float> %".785", ptr %".818", align 4
  %".820" = extractelement <16 x i32> %".119", i32 0
  %".821" = getelementptr float, ptr %"C", i32 %".820"
  store <16 x float> %".787", ptr %".821", align 4
  %".823" = extractelement <16 x i32> %".120", i32 0
  %".824" = getelementptr float, ptr %"C", i32 %".823"
  store <16 x float> %".789", ptr %".824", align 4
  %".826" = extractelement <16 x i32> %".121", i32 0
  %".827" = getelementptr float, ptr %"C", i32 %".826"
  store <16 x float> %".791", ptr %".827", align 4
  %".829" = extractelement <16 x i32> %".122", i32 0
  %".830" = getelementptr float, ptr %"C", i32 %".829"
  store <16 x float> %".793", ptr %".830", align 4
  %".832" = extractelement <16 x i32> %".123", i32 0
  %".833" = getelementptr float, ptr %"C", i32 %".832"
  store <16 x float> %".795", ptr %".833", align 4
  %".835" = extractelement <16 x i32> %".124", i32 0
  %".836" = getelementptr float, ptr %"C", i32 %".835"
  store <16 x float> %".797", ptr %".836", align 4
  %".838" = extractelement <16 x i32> %".125", i32 0
  %".839" = getelementptr float, ptr %"C", i32 %".838"
  store <16 x float> %".799", ptr %".839", align 4
  %".841" = extractelement <16 x i32> %".126", i32 0
  %".842" = getelementptr float, ptr %"C", i32 %".841"
  store <16 x float> %".801", ptr %".842", align 4
  %".844" = extractelement <16 x i32> %".127", i32 0
  %".845" = getelementptr float, ptr %"C", i32 %".844"
  store <16 x float> %".803", ptr %".845", align 4
  %".847" = extractelement <16 x i32> %".128", i32 0
  %".848" = getelementptr float, ptr %"C", i32 %".847"
  store <16 x float> %".805", ptr %".848", align 4
  %".850" = extractelement <16 x i32> %".129", i32 0
  %".851" = getelementptr float, ptr %"C", i32 %".850"
  store <16 x float> %".807", ptr %".851", align 4
  %".853" = extractelement <16 x i32> %".130", i32 0
  %".854" = getelementptr float, ptr %"C", i32 %".853"
  store <16 x float> %".809", ptr %".854", align 4
  %".856" = extractelement <16 x i32> %".131", i32 0
  %".857" = getelementptr float, ptr %"C", i32 %".856"
  store <16 x float> %".811", ptr %".857", align 4
  %".859" = extractelement <16 x i32> %".132", i32 0
  %".860" = getelementptr float, ptr %"C", i32 %".859"
  store <16 x float> %".813", ptr %".860", align 4
  %".862" = add i64 %"pid", 1
  br label %"grid.header"
loop.header.1:
  %".333" = phi  i64 [0, %"loop.body"], [%".778", %"loop.exit.2"]
  %".334" = icmp slt i64 %".333", 16
  br i1 %".334", label %"loop.body.1", label %"loop.exit.1"
loop.body.1:
  %".336" = add i64 %".329", 0
  %".337" = mul i64 %".336", 16
  %".338" = add i64 0, %".337"
  %".339" = add i64 %".338", %".333"
  %".340" = add i64 %".339", 0
  %".341" = getelementptr float, ptr %".295", i64 %".340"
  %".342" = load <16 x float>, ptr %".341", align 4
  %".343" = add i64 %".329", 1
  %".344" = mul i64 %".343", 16
  %".345" = add i64 0, %".344"
  %".346" = add i64 %".345", %".333"
  %".347" = add i64 %".346", 0
  %".348" = getelementptr float, ptr %".295", i64 %".347"
  %".349" = load <16 x float>, ptr %".348", align 4
  %".350" = add i64 %".329", 2
  %".351" = mul i64 %".350", 16
  %".352" = add i64 0, %".351"
  %".353" = add i64 %".352", %".333"
  %".354" = add i64 %".353", 0
  %".355" = getelementptr float, ptr %".295", i64 %".354"
  %".356" = load <16 x float>, ptr %".355", align 4
  %".357" = add i64 %".329", 3
  %".358" = mul i64 %".357", 16
  %".359" = add i64 0, %".358"
  %".360" = add i64 %".359", %".333"
  %".361" = add i64 %".360", 0
  %".362" = getelementptr float, ptr %".295", i64 %".361"
  %".363" = load <16 x float>, ptr %".362", align 4
  %".364" = add i64 %".329", 4
  %".365" = mul i64 %".364", 16
  %".366" = add i64 0, %".365"
  %".367" = add i64 %".366", %".333"
  %".368" = add i64 %".367", 0
  %".369" = getelementptr float, ptr %".295", i64 %".368"
  %".370" = load <16 x float>, ptr %".369", align 4
  %".371" = add i64 %".329", 5
  %".372" = mul i64 %".371", 16
  %".373" = add i64 0, %".372"
  %".374" = add i64 %".373", %".333"
  %".375" = add i64 %".374", 0
  %".376" = getelementptr float, ptr %".295", i64 %".375"
  %".377" = load <16 x float>, ptr %".376", align 4
  %".378" = add i64 %".329", 6
  %".379" = mul i64 %".378", 16
  %".380" = add i64 0, %".379"
  %".381" = add i64 %".380", %".333"
  %".382" = add i64 %".381", 0
  %".383" = getelementptr float, ptr %".295", i64 %".382"
  %".384" = load <16 x float>, ptr %".383", align 4
  %".385" = add i64 %".329", 7
  %".386" = mul i64 %".385", 16
  %".387" = add i64 0, %".386"
  %".388" = add i64 %".387", %".333"
  %".389" = add i64 %".388", 0
  %".390" = getelementptr float, ptr %".295", i64 %".389"
  %".391" = load <16 x float>, ptr %".390", align 4
  br label %"loop.header.2"
loop.exit.1:
  %".780" = add i64 %".329", 8
  br label %"loop.header", !llvm.loop !2
loop.header.2:
  %".393" = phi  i64 [0, %"loop.body.1"], [%".720", %"loop.body.2"]
  %".394" = phi  <16 x float> [%".342", %"loop.body.1"], [%".656", %"loop.body.2"]
  %".395" = phi  <16 x float> [%".349", %"loop.body.1"], [%".665", %"loop.body.2"]
  %".396" = phi  <16 x float> [%".356", %"loop.body.1"], [%".674", %"loop.body.2"]
  %".397" = phi  <16 x float> [%".363", %"loop.body.1"], [%".683", %"loop.body.2"]
  %".398" = phi  <16 x float> [%".370", %"loop.body.1"], [%".692", %"loop.body.2"]
  %".399" = phi  <16 x float> [%".377", %"loop.body.1"], [%".701", %"loop.body.2"]
  %".400" = phi  <16 x float> [%".384", %"loop.body.1"], [%".710", %"loop.body.2"]
  %".401" = phi  <16 x float> [%".391", %"loop.body.1"], [%".719", %"loop.body.2"]
  %".402" = icmp slt i64 %".393", 16
  br i1 %".402", label %"loop.body.2", label %"loop.exit.2"
loop.body.2:
  %".404" = add i64 %".393", 0
  %".405" = mul i64 %".404", 16
  %".406" = add i64 0, %".405"
  %".407" = add i64 %".406", %".333"
  %".408" = add i64 %".407", 0
  %".409" = getelementptr float, ptr %".134", i64 %".408"
  %".410" = load <16 x float>, ptr %".409", align 4
  %".411" = add i64 %".329", 0
  %".412" = mul i64 %".411", 16
  %".413" = add i64 0, %".412"
  %".414" = add i64 %".413", %".404"
  %".415" = getelementptr float, ptr %".133", i64 %".414"
  %".416" = load float, ptr %".415"
  %".417" = insertelement <1 x float> <float undef>, float %".416", i32 0
  %".418" = shufflevector <1 x float> %".417", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".419" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".418", <16 x float> %".410", <16 x float> %".394")
  %".420" = add i64 %".329", 1
  %".421" = mul i64 %".420", 16
  %".422" = add i64 0, %".421"
  %".423" = add i64 %".422", %".404"
  %".424" = getelementptr float, ptr %".133", i64 %".423"
  %".425" = load float, ptr %".424"
  %".426" = insertelement <1 x float> <float undef>, float %".425", i32 0
  %".427" = shufflevector <1 x float> %".426", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".428" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".427", <16 x float> %".410", <16 x float> %".395")
  %".429" = add i64 %".329", 2
  %".430" = mul i64 %".429", 16
  %".431" = add i64 0, %".430"
  %".432" = add i64 %".431", %".404"
  %".433" = getelementptr float, ptr %".133", i64 %".432"
  %".434" = load float, ptr %".433"
  %".435" = insertelement <1 x float> <float undef>, float %".434", i32 0
  %".436" = shufflevector <1 x float> %".435", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".437" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".436", <16 x float> %".410", <16 x float> %".396")
  %".438" = add i64 %".329", 3
  %".439" = mul i64 %".438", 16
  %".440" = add i64 0, %".439"
  %".441" = add i64 %".440", %".404"
  %".442" = getelementptr float, ptr %".133", i64 %".441"
  %".443" = load float, ptr %".442"
  %".444" = insertelement <1 x float> <float undef>, float %".443", i32 0
  %".445" = shufflevector <1 x float> %".444", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".446" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".445", <16 x float> %".410", <16 x float> %".397")
  %".447" = add i64 %".329", 4
  %".448" = mul i64 %".447", 16
  %".449" = add i64 0, %".448"
  %".450" = add i64 %".449", %".404"
  %".451" = getelementptr float, ptr %".133", i64 %".450"
  %".452" = load float, ptr %".451"
  %".453" = insertelement <1 x float> <float undef>, float %".452", i32 0
  %".454" = shufflevector <1 x float> %".453", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".455" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".454", <16 x float> %".410", <16 x float> %".398")
  %".456" = add i64 %".329", 5
  %".457" = mul i64 %".456", 16
  %".458" = add i64 0, %".457"
  %".459" = add i64 %".458", %".404"
  %".460" = getelementptr float, ptr %".133", i64 %".459"
  %".461" = load float, ptr %".460"
  %".462" = insertelement <1 x float> <float undef>, float %".461", i32 0
  %".463" = shufflevector <1 x float> %".462", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".464" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".463", <16 x float> %".410", <16 x float> %".399")
  %".465" = add i64 %".329", 6
  %".466" = mul i64 %".465", 16
  %".467" = add i64 0, %".466"
  %".468" = add i64 %".467", %".404"
  %".469" = getelementptr float, ptr %".133", i64 %".468"
  %".470" = load float, ptr %".469"
  %".471" = insertelement <1 x float> <float undef>, float %".470", i32 0
  %".472" = shufflevector <1 x float> %".471", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".473" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".472", <16 x float> %".410", <16 x float> %".400")
  %".474" = add i64 %".329", 7
  %".475" = mul i64 %".474", 16
  %".476" = add i64 0, %".475"
  %".477" = add i64 %".476", %".404"
  %".478" = getelementptr float, ptr %".133", i64 %".477"
  %".479" = load float, ptr %".478"
  %".480" = insertelement <1 x float> <float undef>, float %".479", i32 0
  %".481" = shufflevector <1 x float> %".480", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".482" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".481", <16 x float> %".410", <16 x float> %".401")
  %".483" = add i64 %".393", 1
  %".484" = mul i64 %".483", 16
  %".485" = add i64 0, %".484"
  %".486" = add i64 %".485", %".333"
  %".487" = add i64 %".486", 0
  %".488" = getelementptr float, ptr %".134", i64 %".487"
  %".489" = load <16 x float>, ptr %".488", align 4
  %".490" = add i64 %".329", 0
  %".491" = mul i64 %".490", 16
  %".492" = add i64 0, %".491"
  %".493" = add i64 %".492", %".483"
  %".494" = getelementptr float, ptr %".133", i64 %".493"
  %".495" = load float, ptr %".494"
  %".496" = insertelement <1 x float> <float undef>, float %".495", i32 0
  %".497" = shufflevector <1 x float> %".496", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".498" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".497", <16 x float> %".489", <16 x float> %".419")
  %".499" = add i64 %".329", 1
  %".500" = mul i64 %".499", 16
  %".501" = add i64 0, %".500"
  %".502" = add i64 %".501", %".483"
  %".503" = getelementptr float, ptr %".133", i64 %".502"
  %".504" = load float, ptr %".503"
  %".505" = insertelement <1 x float> <float undef>, float %".504", i32 0
  %".506" = shufflevector <1 x float> %".505", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".507" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".506", <16 x float> %".489", <16 x float> %".428")
  %".508" = add i64 %".329", 2
  %".509" = mul i64 %".508", 16
  %".510" = add i64 0, %".509"
  %".511" = add i64 %".510", %".483"
  %".512" = getelementptr float, ptr %".133", i64 %".511"
  %".513" = load float, ptr %".512"
  %".514" = insertelement <1 x float> <float undef>, float %".513", i32 0
  %".515" = shufflevector <1 x float> %".514", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".516" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".515", <16 x float> %".489", <16 x float> %".437")
  %".517" = add i64 %".329", 3
  %".518" = mul i64 %".517", 16
  %".519" = add i64 0, %".518"
  %".520" = add i64 %".519", %".483"
  %".521" = getelementptr float, ptr %".133", i64 %".520"
  %".522" = load float, ptr %".521"
  %".523" = insertelement <1 x float> <float undef>, float %".522", i32 0
  %".524" = shufflevector <1 x float> %".523", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".525" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".524", <16 x float> %".489", <16 x float> %".446")
  %".526" = add i64 %".329", 4
  %".527" = mul i64 %".526", 16
  %".528" = add i64 0, %".527"
  %".529" = add i64 %".528", %".483"
  %".530" = getelementptr float, ptr %".133", i64 %".529"
  %".531" = load float, ptr %".530"
  %".532" = insertelement <1 x float> <float undef>, float %".531", i32 0
  %".533" = shufflevector <1 x float> %".532", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".534" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".533", <16 x float> %".489", <16 x float> %".455")
  %".535" = add i64 %".329", 5
  %".536" = mul i64 %".535", 16
  %".537" = add i64 0, %".536"
  %".538" = add i64 %".537", %".483"
  %".539" = getelementptr float, ptr %".133", i64 %".538"
  %".540" = load float, ptr %".539"
  %".541" = insertelement <1 x float> <float undef>, float %".540", i32 0
  %".542" = shufflevector <1 x float> %".541", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".543" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".542", <16 x float> %".489", <16 x float> %".464")
  %".544" = add i64 %".329", 6
  %".545" = mul i64 %".544", 16
  %".546" = add i64 0, %".545"
  %".547" = add i64 %".546", %".483"
  %".548" = getelementptr float, ptr %".133", i64 %".547"
  %".549" = load float, ptr %".548"
  %".550" = insertelement <1 x float> <float undef>, float %".549", i32 0
  %".551" = shufflevector <1 x float> %".550", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".552" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".551", <16 x float> %".489", <16 x float> %".473")
  %".553" = add i64 %".329", 7
  %".554" = mul i64 %".553", 16
  %".555" = add i64 0, %".554"
  %".556" = add i64 %".555", %".483"
  %".557" = getelementptr float, ptr %".133", i64 %".556"
  %".558" = load float, ptr %".557"
  %".559" = insertelement <1 x float> <float undef>, float %".558", i32 0
  %".560" = shufflevector <1 x float> %".559", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".561" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".560", <16 x float> %".489", <16 x float> %".482")
  %".562" = add i64 %".393", 2
  %".563" = mul i64 %".562", 16
  %".564" = add i64 0, %".563"
  %".565" = add i64 %".564", %".333"
  %".566" = add i64 %".565", 0
  %".567" = getelementptr float, ptr %".134", i64 %".566"
  %".568" = load <16 x float>, ptr %".567", align 4
  %".569" = add i64 %".329", 0
  %".570" = mul i64 %".569", 16
  %".571" = add i64 0, %".570"
  %".572" = add i64 %".571", %".562"
  %".573" = getelementptr float, ptr %".133", i64 %".572"
  %".574" = load float, ptr %".573"
  %".575" = insertelement <1 x float> <float undef>, float %".574", i32 0
  %".576" = shufflevector <1 x float> %".575", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".577" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".576", <16 x float> %".568", <16 x float> %".498")
  %".578" = add i64 %".329", 1
  %".579" = mul i64 %".578", 16
  %".580" = add i64 0, %".579"
  %".581" = add i64 %".580", %".562"
  %".582" = getelementptr float, ptr %".133", i64 %".581"
  %".583" = load float, ptr %".582"
  %".584" = insertelement <1 x float> <float undef>, float %".583", i32 0
  %".585" = shufflevector <1 x float> %".584", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".586" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".585", <16 x float> %".568", <16 x float> %".507")
  %".587" = add i64 %".329", 2
  %".588" = mul i64 %".587", 16
  %".589" = add i64 0, %".588"
  %".590" = add i64 %".589", %".562"
  %".591" = getelementptr float, ptr %".133", i64 %".590"
  %".592" = load float, ptr %".591"
  %".593" = insertelement <1 x float> <float undef>, float %".592", i32 0
  %".594" = shufflevector <1 x float> %".593", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".595" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".594", <16 x float> %".568", <16 x float> %".516")
  %".596" = add i64 %".329", 3
  %".597" = mul i64 %".596", 16
  %".598" = add i64 0, %".597"
  %".599" = add i64 %".598", %".562"
  %".600" = getelementptr float, ptr %".133", i64 %".599"
  %".601" = load float, ptr %".600"
  %".602" = insertelement <1 x float> <float undef>, float %".601", i32 0
  %".603" = shufflevector <1 x float> %".602", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".604" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".603", <16 x float> %".568", <16 x float> %".525")
  %".605" = add i64 %".329", 4
  %".606" = mul i64 %".605", 16
  %".607" = add i64 0, %".606"
  %".608" = add i64 %".607", %".562"
  %".609" = getelementptr float, ptr %".133", i64 %".608"
  %".610" = load float, ptr %".609"
  %".611" = insertelement <1 x float> <float undef>, float %".610", i32 0
  %".612" = shufflevector <1 x float> %".611", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".613" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".612", <16 x float> %".568", <16 x float> %".534")
  %".614" = add i64 %".329", 5
  %".615" = mul i64 %".614", 16
  %".616" = add i64 0, %".615"
  %".617" = add i64 %".616", %".562"
  %".618" = getelementptr float, ptr %".133", i64 %".617"
  %".619" = load float, ptr %".618"
  %".620" = insertelement <1 x float> <float undef>, float %".619", i32 0
  %".621" = shufflevector <1 x float> %".620", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".622" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".621", <16 x float> %".568", <16 x float> %".543")
  %".623" = add i64 %".329", 6
  %".624" = mul i64 %".623", 16
  %".625" = add i64 0, %".624"
  %".626" = add i64 %".625", %".562"
  %".627" = getelementptr float, ptr %".133", i64 %".626"
  %".628" = load float, ptr %".627"
  %".629" = insertelement <1 x float> <float undef>, float %".628", i32 0
  %".630" = shufflevector <1 x float> %".629", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".631" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".630", <16 x float> %".568", <16 x float> %".552")
  %".632" = add i64 %".329", 7
  %".633" = mul i64 %".632", 16
  %".634" = add i64 0, %".633"
  %".635" = add i64 %".634", %".562"
  %".636" = getelementptr float, ptr %".133", i64 %".635"
  %".637" = load float, ptr %".636"
  %".638" = insertelement <1 x float> <float undef>, float %".637", i32 0
  %".639" = shufflevector <1 x float> %".638", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".640" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".639", <16 x float> %".568", <16 x float> %".561")
  %".641" = add i64 %".393", 3
  %".642" = mul i64 %".641", 16
  %".643" = add i64 0, %".642"
  %".644" = add i64 %".643", %".333"
  %".645" = add i64 %".644", 0
  %".646" = getelementptr float, ptr %".134", i64 %".645"
  %".647" = load <16 x float>, ptr %".646", align 4
  %".648" = add i64 %".329", 0
  %".649" = mul i64 %".648", 16
  %".650" = add i64 0, %".649"
  %".651" = add i64 %".650", %".641"
  %".652" = getelementptr float, ptr %".133", i64 %".651"
  %".653" = load float, ptr %".652"
  %".654" = insertelement <1 x float> <float undef>, float %".653", i32 0
  %".655" = shufflevector <1 x float> %".654", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".656" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".655", <16 x float> %".647", <16 x float> %".577")
  %".657" = add i64 %".329", 1
  %".658" = mul i64 %".657", 16
  %".659" = add i64 0, %".658"
  %".660" = add i64 %".659", %".641"
  %".661" = getelementptr float, ptr %".133", i64 %".660"
  %".662" = load float, ptr %".661"
  %".663" = insertelement <1 x float> <float undef>, float %".662", i32 0
  %".664" = shufflevector <1 x float> %".663", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".665" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".664", <16 x float> %".647", <16 x float> %".586")
  %".666" = add i64 %".329", 2
  %".667" = mul i64 %".666", 16
  %".668" = add i64 0, %".667"
  %".669" = add i64 %".668", %".641"
  %".670" = getelementptr float, ptr %".133", i64 %".669"
  %".671" = load float, ptr %".670"
  %".672" = insertelement <1 x float> <float undef>, float %".671", i32 0
  %".673" = shufflevector <1 x float> %".672", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".674" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".673", <16 x float> %".647", <16 x float> %".595")
  %".675" = add i64 %".329", 3
  %".676" = mul i64 %".675", 16
  %".677" = add i64 0, %".676"
  %".678" = add i64 %".677", %".641"
  %".679" = getelementptr float, ptr %".133", i64 %".678"
  %".680" = load float, ptr %".679"
  %".681" = insertelement <1 x float> <float undef>, float %".680", i32 0
  %".682" = shufflevector <1 x float> %".681", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".683" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".682", <16 x float> %".647", <16 x float> %".604")
  %".684" = add i64 %".329", 4
  %".685" = mul i64 %".684", 16
  %".686" = add i64 0, %".685"
  %".687" = add i64 %".686", %".641"
  %".688" = getelementptr float, ptr %".133", i64 %".687"
  %".689" = load float, ptr %".688"
  %".690" = insertelement <1 x float> <float undef>, float %".689", i32 0
  %".691" = shufflevector <1 x float> %".690", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".692" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".691", <16 x float> %".647", <16 x float> %".613")
  %".693" = add i64 %".329", 5
  %".694" = mul i64 %".693", 16
  %".695" = add i64 0, %".694"
  %".696" = add i64 %".695", %".641"
  %".697" = getelementptr float, ptr %".133", i64 %".696"
  %".698" = load float, ptr %".697"
  %".699" = insertelement <1 x float> <float undef>, float %".698", i32 0
  %".700" = shufflevector <1 x float> %".699", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".701" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".700", <16 x float> %".647", <16 x float> %".622")
  %".702" = add i64 %".329", 6
  %".703" = mul i64 %".702", 16
  %".704" = add i64 0, %".703"
  %".705" = add i64 %".704", %".641"
  %".706" = getelementptr float, ptr %".133", i64 %".705"
  %".707" = load float, ptr %".706"
  %".708" = insertelement <1 x float> <float undef>, float %".707", i32 0
  %".709" = shufflevector <1 x float> %".708", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".710" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".709", <16 x float> %".647", <16 x float> %".631")
  %".711" = add i64 %".329", 7
  %".712" = mul i64 %".711", 16
  %".713" = add i64 0, %".712"
  %".714" = add i64 %".713", %".641"
  %".715" = getelementptr float, ptr %".133", i64 %".714"
  %".716" = load float, ptr %".715"
  %".717" = insertelement <1 x float> <float undef>, float %".716", i32 0
  %".718" = shufflevector <1 x float> %".717", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".719" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".718", <16 x float> %".647", <16 x float> %".640")
  %".720" = add i64 %".393", 4
  br label %"loop.header.2", !llvm.loop !0
loop.exit.2:
  %".722" = add i64 %".329", 0
  %".723" = mul i64 %".722", 16
  %".724" = add i64 0, %".723"
  %".725" = add i64 %".724", %".333"
  %".726" = add i64 %".725", 0
  %".727" = getelementptr float, ptr %".295", i64 %".726"
  store <16 x float> %".394", ptr %".727", align 4
  %".729" = add i64 %".329", 1
  %".730" = mul i64 %".729", 16
  %".731" = add i64 0, %".730"
  %".732" = add i64 %".731", %".333"
  %".733" = add i64 %".732", 0
  %".734" = getelementptr float, ptr %".295", i64 %".733"
  store <16 x float> %".395", ptr %".734", align 4
  %".736" = add i64 %".329", 2
  %".737" = mul i64 %".736", 16
  %".738" = add i64 0, %".737"
  %".739" = add i64 %".738", %".333"
  %".740" = add i64 %".739", 0
  %".741" = getelementptr float, ptr %".295", i64 %".740"
  store <16 x float> %".396", ptr %".741", align 4
  %".743" = add i64 %".329", 3
  %".744" = mul i64 %".743", 16
  %".745" = add i64 0, %".744"
  %".746" = add i64 %".745", %".333"
  %".747" = add i64 %".746", 0
  %".748" = getelementptr float, ptr %".295", i64 %".747"
  store <16 x float> %".397", ptr %".748", align 4
  %".750" = add i64 %".329", 4
  %".751" = mul i64 %".750", 16
  %".752" = add i64 0, %".751"
  %".753" = add i64 %".752", %".333"
  %".754" = add i64 %".753", 0
  %".755" = getelementptr float, ptr %".295", i64 %".754"
  store <16 x float> %".398", ptr %".755", align 4
  %".757" = add i64 %".329", 5
  %".758" = mul i64 %".757", 16
  %".759" = add i64 0, %".758"
  %".760" = add i64 %".759", %".333"
  %".761" = add i64 %".760", 0
  %".762" = getelementptr float, ptr %".295", i64 %".761"
  store <16 x float> %".399", ptr %".762", align 4
  %".764" = add i64 %".329", 6
  %".765" = mul i64 %".764", 16
  %".766" = add i64 0, %".765"
  %".767" = add i64 %".766", %".333"
  %".768" = add i64 %".767", 0
  %".769" = getelementptr float, ptr %".295", i64 %".768"
  store <16 x float> %".400", ptr %".769", align 4
  %".771" = add i64 %".329", 7
  %".772" = mul i64 %".771", 16
  %".773" = add i64 0, %".772"
  %".774" = add i64 %".773", %".333"
  %".775" = add i64 %".774", 0
  %".776" = getelementptr float, ptr %".295", i64 %".775"
  store <16 x float> %".401", ptr %".776", align 4
  %".778" = add i64 %".333", 16
  br label %"loop.header.1", !llvm.loop !1
}

declare <16 x float> @"llvm.fma.v16f32"(<16 x float> %".1", <16 x float> %".2", <16 x float> %".3")

!0 = distinct !{!0, !9999999}
!1 = distinct !{!1, !9999999}
!2 = distinct !{!2, !9999999}
!9999999 = !{!"llvm.loop.unroll.disable"}
