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
  %".200" = alloca float, i32 256, align 64
  %".201" = alloca float, i32 256, align 64
  %".266" = alloca float, i32 256, align 64
  br label %"grid.header"
grid.header:
  %"pid" = phi  i64 [%"start", %"entry"], [%".817", %"loop.exit"]
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
  %".33" = getelementptr float, <16 x ptr> %".32", <16 x i32> %".30"
  %".34" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".35" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %".36" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2>
  %".37" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3>
  %".38" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %".39" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5>
  %".40" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6>
  %".41" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7>
  %".42" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %".43" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9>
  %".44" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10>
  %".45" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11>
  %".46" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %".47" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13>
  %".48" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14>
  %".49" = shufflevector <16 x ptr> %".33", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %".50" = getelementptr float, <16 x ptr> %".34", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".51" = getelementptr float, <16 x ptr> %".35", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".52" = getelementptr float, <16 x ptr> %".36", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".53" = getelementptr float, <16 x ptr> %".37", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".54" = getelementptr float, <16 x ptr> %".38", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".55" = getelementptr float, <16 x ptr> %".39", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".56" = getelementptr float, <16 x ptr> %".40", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".57" = getelementptr float, <16 x ptr> %".41", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".58" = getelementptr float, <16 x ptr> %".42", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".59" = getelementptr float, <16 x ptr> %".43", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".60" = getelementptr float, <16 x ptr> %".44", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".61" = getelementptr float, <16 x ptr> %".45", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".62" = getelementptr float, <16 x ptr> %".46", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".63" = getelementptr float, <16 x ptr> %".47", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".64" = getelementptr float, <16 x ptr> %".48", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".65" = getelementptr float, <16 x ptr> %".49", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".66" = extractelement <16 x ptr> %".50", i32 0
  %".67" = load <16 x float>, ptr %".66", align 4
  %".68" = extractelement <16 x ptr> %".51", i32 0
  %".69" = load <16 x float>, ptr %".68", align 4
  %".70" = extractelement <16 x ptr> %".52", i32 0
  %".71" = load <16 x float>, ptr %".70", align 4
  %".72" = extractelement <16 x ptr> %".53", i32 0
  %".73" = load <16 x float>, ptr %".72", align 4
  %".74" = extractelement <16 x ptr> %".54", i32 0
  %".75" = load <16 x float>, ptr %".74", align 4
  %".76" = extractelement <16 x ptr> %".55", i32 0
  %".77" = load <16 x float>, ptr %".76", align 4
  %".78" = extractelement <16 x ptr> %".56", i32 0
  %".79" = load <16 x float>, ptr %".78", align 4
  %".80" = extractelement <16 x ptr> %".57", i32 0
  %".81" = load <16 x float>, ptr %".80", align 4
  %".82" = extractelement <16 x ptr> %".58", i32 0
  %".83" = load <16 x float>, ptr %".82", align 4
  %".84" = extractelement <16 x ptr> %".59", i32 0
  %".85" = load <16 x float>, ptr %".84", align 4
  %".86" = extractelement <16 x ptr> %".60", i32 0
  %".87" = load <16 x float>, ptr %".86", align 4
  %".88" = extractelement <16 x ptr> %".61", i32 0
  %".89" = load <16 x float>, ptr %".88", align 4
  %".90" = extractelement <16 x ptr> %".62", i32 0
  %".91" = load <16 x float>, ptr %".90", align 4
  %".92" = extractelement <16 x ptr> %".63", i32 0
  %".93" = load <16 x float>, ptr %".92", align 4
  %".94" = extractelement <16 x ptr> %".64", i32 0
  %".95" = load <16 x float>, ptr %".94", align 4
  %".96" = extractelement <16 x ptr> %".65", i32 0
  %".97" = load <16 x float>, ptr %".96", align 4
  %".98" = insertelement <1 x ptr> <ptr undef>, ptr %"B", i32 0
  %".99" = shufflevector <1 x ptr> %".98", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".100" = getelementptr float, <16 x ptr> %".99", <16 x i32> %".30"
  %".101" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".102" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %".103" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2>
  %".104" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3>
  %".105" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %".106" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5>
  %".107" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6>
  %".108" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7>
  %".109" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %".110" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9>
  %".111" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10>
  %".112" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11>
  %".113" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %".114" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13>
  %".115" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14>
  %".116" = shufflevector <16 x ptr> %".100", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %".117" = getelementptr float, <16 x ptr> %".101", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".118" = getelementptr float, <16 x ptr> %".102", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".119" = getelementptr float, <16 x ptr> %".103", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".120" = getelementptr float, <16 x ptr> %".104", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".121" = getelementptr float, <16 x ptr> %".105", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".122" = getelementptr float, <16 x ptr> %".106", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".123" = getelementptr float, <16 x ptr> %".107", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".124" = getelementptr float, <16 x ptr> %".108", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".125" = getelementptr float, <16 x ptr> %".109", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".126" = getelementptr float, <16 x ptr> %".110", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".127" = getelementptr float, <16 x ptr> %".111", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".128" = getelementptr float, <16 x ptr> %".112", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".129" = getelementptr float, <16 x ptr> %".113", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".130" = getelementptr float, <16 x ptr> %".114", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".131" = getelementptr float, <16 x ptr> %".115", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".132" = getelementptr float, <16 x ptr> %".116", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".133" = extractelement <16 x ptr> %".117", i32 0
  %".134" = load <16 x float>, ptr %".133", align 4
  %".135" = extractelement <16 x ptr> %".118", i32 0
  %".136" = load <16 x float>, ptr %".135", align 4
  %".137" = extractelement <16 x ptr> %".119", i32 0
  %".138" = load <16 x float>, ptr %".137", align 4
  %".139" = extractelement <16 x ptr> %".120", i32 0
  %".140" = load <16 x float>, ptr %".139", align 4
  %".141" = extractelement <16 x ptr> %".121", i32 0
  %".142" = load <16 x float>, ptr %".141", align 4
  %".143" = extractelement <16 x ptr> %".122", i32 0
  %".144" = load <16 x float>, ptr %".143", align 4
  %".145" = extractelement <16 x ptr> %".123", i32 0
  %".146" = load <16 x float>, ptr %".145", align 4
  %".147" = extractelement <16 x ptr> %".124", i32 0
  %".148" = load <16 x float>, ptr %".147", align 4
  %".149" = extractelement <16 x ptr> %".125", i32 0
  %".150" = load <16 x float>, ptr %".149", align 4
  %".151" = extractelement <16 x ptr> %".126", i32 0
  %".152" = load <16 x float>, ptr %".151", align 4
  %".153" = extractelement <16 x ptr> %".127", i32 0
  %".154" = load <16 x float>, ptr %".153", align 4
  %".155" = extractelement <16 x ptr> %".128", i32 0
  %".156" = load <16 x float>, ptr %".155", align 4
  %".157" = extractelement <16 x ptr> %".129", i32 0
  %".158" = load <16 x float>, ptr %".157", align 4
  %".159" = extractelement <16 x ptr> %".130", i32 0
  %".160" = load <16 x float>, ptr %".159", align 4
  %".161" = extractelement <16 x ptr> %".131", i32 0
  %".162" = load <16 x float>, ptr %".161", align 4
  %".163" = extractelement <16 x ptr> %".132", i32 0
  %".164" = load <16 x float>, ptr %".163", align 4
  %".165" = insertelement <1 x ptr> <ptr undef>, ptr %"C", i32 0
  %".166" = shufflevector <1 x ptr> %".165", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".167" = getelementptr float, <16 x ptr> %".166", <16 x i32> %".30"
  %".168" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".169" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %".170" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2, i32 2>
  %".171" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3, i32 3>
  %".172" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %".173" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5, i32 5>
  %".174" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6, i32 6>
  %".175" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7, i32 7>
  %".176" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %".177" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9, i32 9>
  %".178" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10, i32 10>
  %".179" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11, i32 11>
  %".180" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %".181" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13, i32 13>
  %".182" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14, i32 14>
  %".183" = shufflevector <16 x ptr> %".167", <16 x ptr> <ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef, ptr undef>, <16 x i32> <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %".184" = getelementptr float, <16 x ptr> %".168", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".185" = getelementptr float, <16 x ptr> %".169", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".186" = getelementptr float, <16 x ptr> %".170", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".187" = getelementptr float, <16 x ptr> %".171", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".188" = getelementptr float, <16 x ptr> %".172", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".189" = getelementptr float, <16 x ptr> %".173", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".190" = getelementptr float, <16 x ptr> %".174", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".191" = getelementptr float, <16 x ptr> %".175", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".192" = getelementptr float, <16 x ptr> %".176", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".193" = getelementptr float, <16 x ptr> %".177", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".194" = getelementptr float, <16 x ptr> %".178", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".195" = getelementptr float, <16 x ptr> %".179", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".196" = getelementptr float, <16 x ptr> %".180", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".197" = getelementptr float, <16 x ptr> %".181", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".198" = getelementptr float, <16 x ptr> %".182", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".199" = getelementptr float, <16 x ptr> %".183", <16 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15>
  %".202" = getelementptr float, ptr %".200", i64 0
  store <16 x float> %".67", ptr %".202", align 4
  %".204" = getelementptr float, ptr %".200", i64 16
  store <16 x float> %".69", ptr %".204", align 4
  %".206" = getelementptr float, ptr %".200", i64 32
  store <16 x float> %".71", ptr %".206", align 4
  %".208" = getelementptr float, ptr %".200", i64 48
  store <16 x float> %".73", ptr %".208", align 4
  %".210" = getelementptr float, ptr %".200", i64 64
  store <16 x float> %".75", ptr %".210", align 4
  %".212" = getelementptr float, ptr %".200", i64 80
  store <16 x float> %".77", ptr %".212", align 4
  %".214" = getelementptr float, ptr %".200", i64 96
  store <16 x float> %".79", ptr %".214", align 4
  %".216" = getelementptr float, ptr %".200", i64 112
  store <16 x float> %".81", ptr %".216", align 4
  %".218" = getelementptr float, ptr %".200", i64 128
  store <16 x float> %".83", ptr %".218", align 4
  %".220" = getelementptr float, ptr %".200", i64 144
  store <16 x float> %".85", ptr %".220", align 4
  %".222" = getelementptr float, ptr %".200", i64 160
  store <16 x float> %".87", ptr %".222", align 4
  %".224" = getelementptr float, ptr %".200", i64 176
  store <16 x float> %".89", ptr %".224", align 4
  %".226" = getelementptr float, ptr %".200", i64 192
  store <16 x float> %".91", ptr %".226", align 4
  %".228" = getelementptr float, ptr %".200", i64 208
  store <16 x float> %".93", ptr %".228", align 4
  %".230" = getelementptr float, ptr %".200", i64 224
  store <16 x float> %".95", ptr %".230", align 4
  %".232" = getelementptr float, ptr %".200", i64 240
  store <16 x float> %".97", ptr %".232", align 4
  %".234" = getelementptr float, ptr %".201", i64 0
  store <16 x float> %".134", ptr %".234", align 4
  %".236" = getelementptr float, ptr %".201", i64 16
  store <16 x float> %".136", ptr %".236", align 4
  %".238" = getelementptr float, ptr %".201", i64 32
  store <16 x float> %".138", ptr %".238", align 4
  %".240" = getelementptr float, ptr %".201", i64 48
  store <16 x float> %".140", ptr %".240", align 4
  %".242" = getelementptr float, ptr %".201", i64 64
  store <16 x float> %".142", ptr %".242", align 4
  %".244" = getelementptr float, ptr %".201", i64 80
  store <16 x float> %".144", ptr %".244", align 4
  %".246" = getelementptr float, ptr %".201", i64 96
  store <16 x float> %".146", ptr %".246", align 4
  %".248" = getelementptr float, ptr %".201", i64 112
  store <16 x float> %".148", ptr %".248", align 4
  %".250" = getelementptr float, ptr %".201", i64 128
  store <16 x float> %".150", ptr %".250", align 4
  %".252" = getelementptr float, ptr %".201", i64 144
  store <16 x float> %".152", ptr %".252", align 4
  %".254" = getelementptr float, ptr %".201", i64 160
  store <16 x float> %".154", ptr %".254", align 4
  %".256" = getelementptr float, ptr %".201", i64 176
  store <16 x float> %".156", ptr %".256", align 4
  %".258" = getelementptr float, ptr %".201", i64 192
  store <16 x float> %".158", ptr %".258", align 4
  %".260" = getelementptr float, ptr %".201", i64 208
  store <16 x float> %".160", ptr %".260", align 4
  %".262" = getelementptr float, ptr %".201", i64 224
  store <16 x float> %".162", ptr %".262", align 4
  %".264" = getelementptr float, ptr %".201", i64 240
  store <16 x float> %".164", ptr %".264", align 4
  %".267" = getelementptr float, ptr %".266", i64 0
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".267", align 4
  %".269" = getelementptr float, ptr %".266", i64 16
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".269", align 4
  %".271" = getelementptr float, ptr %".266", i64 32
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".271", align 4
  %".273" = getelementptr float, ptr %".266", i64 48
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".273", align 4
  %".275" = getelementptr float, ptr %".266", i64 64
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".275", align 4
  %".277" = getelementptr float, ptr %".266", i64 80
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".277", align 4
  %".279" = getelementptr float, ptr %".266", i64 96
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".279", align 4
  %".281" = getelementptr float, ptr %".266", i64 112
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".281", align 4
  %".283" = getelementptr float, ptr %".266", i64 128
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".283", align 4
  %".285" = getelementptr float, ptr %".266", i64 144
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".285", align 4
  %".287" = getelementptr float, ptr %".266", i64 160
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".287", align 4
  %".289" = getelementptr float, ptr %".266", i64 176
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".289", align 4
  %".291" = getelementptr float, ptr %".266", i64 192
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".291", align 4
  %".293" = getelementptr float, ptr %".266", i64 208
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".293", align 4
  %".295" = getelementptr float, ptr %".266", i64 224
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".295", align 4
  %".297" = getelementptr float, ptr %".266", i64 240
  store <16 x float> <float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, ptr %".297", align 4
  br label %"loop.header"
grid.exit:
  ret i32 0
loop.header:
  %".300" = phi  i64 [0, %"grid.body"], [%".751", %"loop.exit.1"]
  %".301" = icmp slt i64 %".300", 16
  br i1 %".301", label %"loop.body", label %"loop.exit"
loop.body:
  br label %"loop.header.1"
loop.exit:
  %".753" = getelementptr float, ptr %".266", i64 0
  %".754" = load <16 x float>, ptr %".753", align 4
  %".755" = getelementptr float, ptr %".266", i64 16
  %".756" = load <16 x float>, ptr %".755", align 4
  %".757" = getelementptr float, ptr %".266", i64 32
  %".758" = load <16 x float>, ptr %".757", align 4
  %".759" = getelementptr float, ptr %".266", i64 48
  %".760" = load <16 x float>, ptr %".759", align 4
  %".761" = getelementptr float, ptr %".266", i64 64
  %".762" = load <16 x float>, ptr %".761", align 4
  %".763" = getelementptr float, ptr %".266", i64 80
  %".764" = load <16 x float>, ptr %".763", align 4
  %".765" = getelementptr float, ptr %".266", i64 96
  %".766" = load <16 x float>, ptr %".765", align 4
  %".767" = getelementptr float, ptr %".266", i64 112
  %".768" = load <16 x float>, ptr %".767", align 4
  %".769" = getelementptr float, ptr %".266", i64 128
  %".770" = load <16 x float>, ptr %".769", align 4
  %".771" = getelementptr float, ptr %".266", i64 144
  %".772" = load <16 x float>, ptr %".771", align 4
  %".773" = getelementptr float, ptr %".266", i64 160
  %".774" = load <16 x float>, ptr %".773", align 4
  %".775" = getelementptr float, ptr %".266", i64 176
  %".776" = load <16 x float>, ptr %".775", align 4
  %".777" = getelementptr float, ptr %".266", i64 192
  %".778" = load <16 x float>, ptr %".777", align 4
  %".779" = getelementptr float, ptr %".266", i64 208
  %".780" = load <16 x float>, ptr %".779", align 4
  %".781" = getelementptr float, ptr %".266", i64 224
  %".782" = load <16 x float>, ptr %".781", align 4
  %".783" = getelementptr float, ptr %".266", i64 240
  %".784" = load <16 x float>, ptr %".783", align 4
  %".785" = extractelement <16 x ptr> %".184", i32 0
  store <16 x float> %".754", ptr %".785", align 4
  %".787" = extractelement <16 x ptr> %".185", i32 0
  store <16 x float> %".756", ptr %".787", align 4
  %".789" = extractelement <16 x ptr> %".186", i32 0
  store <16 x float> %".758", ptr %".789", align 4
  %".791" = extractelement <16 x ptr> %".187", i32 0
  store <16 x float> %".760", ptr %".791", align 4
  %".793" = extractelement <16 x ptr> %".188", i32 0
  store <16 x float> %".762", ptr %".793", align 4
  %".795" = extractelement <16 x ptr> %".189", i32 0
  store <16 x float> %".764", ptr %".795", align 4
  %".797" = extractelement <16 x ptr> %".190", i32 0
  store <16 x float> %".766", ptr %".797", align 4
  %".799" = extractelement <16 x ptr> %".191", i32 0
  store <16 x float> %".768", ptr %".799", align 4
  %".801" = extractelement <16 x ptr> %".192", i32 0
  store <16 x float> %".770", ptr %".801", align 4
  %".803" = extractelement <16 x ptr> %".193", i32 0
  store <16 x float> %".772", ptr %".803", align 4
  %".805" = extractelement <16 x ptr> %".194", i32 0
  store <16 x float> %".774", ptr %".805", align 4
  %".807" = extractelement <16 x ptr> %".195", i32 0
  store <16 x float> %".776", ptr %".807", align 4
  %".809" = extractelement <16 x ptr> %".196", i32 0
  store <16 x float> %".778", ptr %".809", align 4
  %".811" = extractelement <16 x ptr> %".197", i32 0
  store <16 x float> %".780", ptr %".811", align 4
  %".813" = extractelement <16 x ptr> %".198", i32 0
  store <16 x float> %".782", ptr %".813", align 4
  %".815" = extractelement <16 x ptr> %".199", i32 0
  store <16 x float> %".784", ptr %".815", align 4
  %".817" = add i64 %"pid", 1
  br label %"grid.header"
loop.header.1:
  %".304" = phi  i64 [0, %"loop.body"], [%".749", %"loop.exit.2"]
  %".305" = icmp slt i64 %".304", 16
  br i1 %".305", label %"loop.body.1", label %"loop.exit.1"
loop.body.1:
  %".307" = add i64 %".300", 0
  %".308" = mul i64 %".307", 16
  %".309" = add i64 0, %".308"
  %".310" = add i64 %".309", %".304"
  %".311" = add i64 %".310", 0
  %".312" = getelementptr float, ptr %".266", i64 %".311"
  %".313" = load <16 x float>, ptr %".312", align 4
  %".314" = add i64 %".300", 1
  %".315" = mul i64 %".314", 16
  %".316" = add i64 0, %".315"
  %".317" = add i64 %".316", %".304"
  %".318" = add i64 %".317", 0
  %".319" = getelementptr float, ptr %".266", i64 %".318"
  %".320" = load <16 x float>, ptr %".319", align 4
  %".321" = add i64 %".300", 2
  %".322" = mul i64 %".321", 16
  %".323" = add i64 0, %".322"
  %".324" = add i64 %".323", %".304"
  %".325" = add i64 %".324", 0
  %".326" = getelementptr float, ptr %".266", i64 %".325"
  %".327" = load <16 x float>, ptr %".326", align 4
  %".328" = add i64 %".300", 3
  %".329" = mul i64 %".328", 16
  %".330" = add i64 0, %".329"
  %".331" = add i64 %".330", %".304"
  %".332" = add i64 %".331", 0
  %".333" = getelementptr float, ptr %".266", i64 %".332"
  %".334" = load <16 x float>, ptr %".333", align 4
  %".335" = add i64 %".300", 4
  %".336" = mul i64 %".335", 16
  %".337" = add i64 0, %".336"
  %".338" = add i64 %".337", %".304"
  %".339" = add i64 %".338", 0
  %".340" = getelementptr float, ptr %".266", i64 %".339"
  %".341" = load <16 x float>, ptr %".340", align 4
  %".342" = add i64 %".300", 5
  %".343" = mul i64 %".342", 16
  %".344" = add i64 0, %".343"
  %".345" = add i64 %".344", %".304"
  %".346" = add i64 %".345", 0
  %".347" = getelementptr float, ptr %".266", i64 %".346"
  %".348" = load <16 x float>, ptr %".347", align 4
  %".349" = add i64 %".300", 6
  %".350" = mul i64 %".349", 16
  %".351" = add i64 0, %".350"
  %".352" = add i64 %".351", %".304"
  %".353" = add i64 %".352", 0
  %".354" = getelementptr float, ptr %".266", i64 %".353"
  %".355" = load <16 x float>, ptr %".354", align 4
  %".356" = add i64 %".300", 7
  %".357" = mul i64 %".356", 16
  %".358" = add i64 0, %".357"
  %".359" = add i64 %".358", %".304"
  %".360" = add i64 %".359", 0
  %".361" = getelementptr float, ptr %".266", i64 %".360"
  %".362" = load <16 x float>, ptr %".361", align 4
  br label %"loop.header.2"
loop.exit.1:
  %".751" = add i64 %".300", 8
  br label %"loop.header", !llvm.loop !2
loop.header.2:
  %".364" = phi  i64 [0, %"loop.body.1"], [%".691", %"loop.body.2"]
  %".365" = phi  <16 x float> [%".313", %"loop.body.1"], [%".627", %"loop.body.2"]
  %".366" = phi  <16 x float> [%".320", %"loop.body.1"], [%".636", %"loop.body.2"]
  %".367" = phi  <16 x float> [%".327", %"loop.body.1"], [%".645", %"loop.body.2"]
  %".368" = phi  <16 x float> [%".334", %"loop.body.1"], [%".654", %"loop.body.2"]
  %".369" = phi  <16 x float> [%".341", %"loop.body.1"], [%".663", %"loop.body.2"]
  %".370" = phi  <16 x float> [%".348", %"loop.body.1"], [%".672", %"loop.body.2"]
  %".371" = phi  <16 x float> [%".355", %"loop.body.1"], [%".681", %"loop.body.2"]
  %".372" = phi  <16 x float> [%".362", %"loop.body.1"], [%".690", %"loop.body.2"]
  %".373" = icmp slt i64 %".364", 16
  br i1 %".373", label %"loop.body.2", label %"loop.exit.2"
loop.body.2:
  %".375" = add i64 %".364", 0
  %".376" = mul i64 %".375", 16
  %".377" = add i64 0, %".376"
  %".378" = add i64 %".377", %".304"
  %".379" = add i64 %".378", 0
  %".380" = getelementptr float, ptr %".201", i64 %".379"
  %".381" = load <16 x float>, ptr %".380", align 4
  %".382" = add i64 %".300", 0
  %".383" = mul i64 %".382", 16
  %".384" = add i64 0, %".383"
  %".385" = add i64 %".384", %".375"
  %".386" = getelementptr float, ptr %".200", i64 %".385"
  %".387" = load float, ptr %".386"
  %".388" = insertelement <1 x float> <float undef>, float %".387", i32 0
  %".389" = shufflevector <1 x float> %".388", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".390" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".389", <16 x float> %".381", <16 x float> %".365")
  %".391" = add i64 %".300", 1
  %".392" = mul i64 %".391", 16
  %".393" = add i64 0, %".392"
  %".394" = add i64 %".393", %".375"
  %".395" = getelementptr float, ptr %".200", i64 %".394"
  %".396" = load float, ptr %".395"
  %".397" = insertelement <1 x float> <float undef>, float %".396", i32 0
  %".398" = shufflevector <1 x float> %".397", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".399" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".398", <16 x float> %".381", <16 x float> %".366")
  %".400" = add i64 %".300", 2
  %".401" = mul i64 %".400", 16
  %".402" = add i64 0, %".401"
  %".403" = add i64 %".402", %".375"
  %".404" = getelementptr float, ptr %".200", i64 %".403"
  %".405" = load float, ptr %".404"
  %".406" = insertelement <1 x float> <float undef>, float %".405", i32 0
  %".407" = shufflevector <1 x float> %".406", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".408" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".407", <16 x float> %".381", <16 x float> %".367")
  %".409" = add i64 %".300", 3
  %".410" = mul i64 %".409", 16
  %".411" = add i64 0, %".410"
  %".412" = add i64 %".411", %".375"
  %".413" = getelementptr float, ptr %".200", i64 %".412"
  %".414" = load float, ptr %".413"
  %".415" = insertelement <1 x float> <float undef>, float %".414", i32 0
  %".416" = shufflevector <1 x float> %".415", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".417" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".416", <16 x float> %".381", <16 x float> %".368")
  %".418" = add i64 %".300", 4
  %".419" = mul i64 %".418", 16
  %".420" = add i64 0, %".419"
  %".421" = add i64 %".420", %".375"
  %".422" = getelementptr float, ptr %".200", i64 %".421"
  %".423" = load float, ptr %".422"
  %".424" = insertelement <1 x float> <float undef>, float %".423", i32 0
  %".425" = shufflevector <1 x float> %".424", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".426" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".425", <16 x float> %".381", <16 x float> %".369")
  %".427" = add i64 %".300", 5
  %".428" = mul i64 %".427", 16
  %".429" = add i64 0, %".428"
  %".430" = add i64 %".429", %".375"
  %".431" = getelementptr float, ptr %".200", i64 %".430"
  %".432" = load float, ptr %".431"
  %".433" = insertelement <1 x float> <float undef>, float %".432", i32 0
  %".434" = shufflevector <1 x float> %".433", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".435" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".434", <16 x float> %".381", <16 x float> %".370")
  %".436" = add i64 %".300", 6
  %".437" = mul i64 %".436", 16
  %".438" = add i64 0, %".437"
  %".439" = add i64 %".438", %".375"
  %".440" = getelementptr float, ptr %".200", i64 %".439"
  %".441" = load float, ptr %".440"
  %".442" = insertelement <1 x float> <float undef>, float %".441", i32 0
  %".443" = shufflevector <1 x float> %".442", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".444" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".443", <16 x float> %".381", <16 x float> %".371")
  %".445" = add i64 %".300", 7
  %".446" = mul i64 %".445", 16
  %".447" = add i64 0, %".446"
  %".448" = add i64 %".447", %".375"
  %".449" = getelementptr float, ptr %".200", i64 %".448"
  %".450" = load float, ptr %".449"
  %".451" = insertelement <1 x float> <float undef>, float %".450", i32 0
  %".452" = shufflevector <1 x float> %".451", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".453" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".452", <16 x float> %".381", <16 x float> %".372")
  %".454" = add i64 %".364", 1
  %".455" = mul i64 %".454", 16
  %".456" = add i64 0, %".455"
  %".457" = add i64 %".456", %".304"
  %".458" = add i64 %".457", 0
  %".459" = getelementptr float, ptr %".201", i64 %".458"
  %".460" = load <16 x float>, ptr %".459", align 4
  %".461" = add i64 %".300", 0
  %".462" = mul i64 %".461", 16
  %".463" = add i64 0, %".462"
  %".464" = add i64 %".463", %".454"
  %".465" = getelementptr float, ptr %".200", i64 %".464"
  %".466" = load float, ptr %".465"
  %".467" = insertelement <1 x float> <float undef>, float %".466", i32 0
  %".468" = shufflevector <1 x float> %".467", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".469" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".468", <16 x float> %".460", <16 x float> %".390")
  %".470" = add i64 %".300", 1
  %".471" = mul i64 %".470", 16
  %".472" = add i64 0, %".471"
  %".473" = add i64 %".472", %".454"
  %".474" = getelementptr float, ptr %".200", i64 %".473"
  %".475" = load float, ptr %".474"
  %".476" = insertelement <1 x float> <float undef>, float %".475", i32 0
  %".477" = shufflevector <1 x float> %".476", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".478" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".477", <16 x float> %".460", <16 x float> %".399")
  %".479" = add i64 %".300", 2
  %".480" = mul i64 %".479", 16
  %".481" = add i64 0, %".480"
  %".482" = add i64 %".481", %".454"
  %".483" = getelementptr float, ptr %".200", i64 %".482"
  %".484" = load float, ptr %".483"
  %".485" = insertelement <1 x float> <float undef>, float %".484", i32 0
  %".486" = shufflevector <1 x float> %".485", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".487" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".486", <16 x float> %".460", <16 x float> %".408")
  %".488" = add i64 %".300", 3
  %".489" = mul i64 %".488", 16
  %".490" = add i64 0, %".489"
  %".491" = add i64 %".490", %".454"
  %".492" = getelementptr float, ptr %".200", i64 %".491"
  %".493" = load float, ptr %".492"
  %".494" = insertelement <1 x float> <float undef>, float %".493", i32 0
  %".495" = shufflevector <1 x float> %".494", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".496" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".495", <16 x float> %".460", <16 x float> %".417")
  %".497" = add i64 %".300", 4
  %".498" = mul i64 %".497", 16
  %".499" = add i64 0, %".498"
  %".500" = add i64 %".499", %".454"
  %".501" = getelementptr float, ptr %".200", i64 %".500"
  %".502" = load float, ptr %".501"
  %".503" = insertelement <1 x float> <float undef>, float %".502", i32 0
  %".504" = shufflevector <1 x float> %".503", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".505" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".504", <16 x float> %".460", <16 x float> %".426")
  %".506" = add i64 %".300", 5
  %".507" = mul i64 %".506", 16
  %".508" = add i64 0, %".507"
  %".509" = add i64 %".508", %".454"
  %".510" = getelementptr float, ptr %".200", i64 %".509"
  %".511" = load float, ptr %".510"
  %".512" = insertelement <1 x float> <float undef>, float %".511", i32 0
  %".513" = shufflevector <1 x float> %".512", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".514" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".513", <16 x float> %".460", <16 x float> %".435")
  %".515" = add i64 %".300", 6
  %".516" = mul i64 %".515", 16
  %".517" = add i64 0, %".516"
  %".518" = add i64 %".517", %".454"
  %".519" = getelementptr float, ptr %".200", i64 %".518"
  %".520" = load float, ptr %".519"
  %".521" = insertelement <1 x float> <float undef>, float %".520", i32 0
  %".522" = shufflevector <1 x float> %".521", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".523" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".522", <16 x float> %".460", <16 x float> %".444")
  %".524" = add i64 %".300", 7
  %".525" = mul i64 %".524", 16
  %".526" = add i64 0, %".525"
  %".527" = add i64 %".526", %".454"
  %".528" = getelementptr float, ptr %".200", i64 %".527"
  %".529" = load float, ptr %".528"
  %".530" = insertelement <1 x float> <float undef>, float %".529", i32 0
  %".531" = shufflevector <1 x float> %".530", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".532" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".531", <16 x float> %".460", <16 x float> %".453")
  %".533" = add i64 %".364", 2
  %".534" = mul i64 %".533", 16
  %".535" = add i64 0, %".534"
  %".536" = add i64 %".535", %".304"
  %".537" = add i64 %".536", 0
  %".538" = getelementptr float, ptr %".201", i64 %".537"
  %".539" = load <16 x float>, ptr %".538", align 4
  %".540" = add i64 %".300", 0
  %".541" = mul i64 %".540", 16
  %".542" = add i64 0, %".541"
  %".543" = add i64 %".542", %".533"
  %".544" = getelementptr float, ptr %".200", i64 %".543"
  %".545" = load float, ptr %".544"
  %".546" = insertelement <1 x float> <float undef>, float %".545", i32 0
  %".547" = shufflevector <1 x float> %".546", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".548" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".547", <16 x float> %".539", <16 x float> %".469")
  %".549" = add i64 %".300", 1
  %".550" = mul i64 %".549", 16
  %".551" = add i64 0, %".550"
  %".552" = add i64 %".551", %".533"
  %".553" = getelementptr float, ptr %".200", i64 %".552"
  %".554" = load float, ptr %".553"
  %".555" = insertelement <1 x float> <float undef>, float %".554", i32 0
  %".556" = shufflevector <1 x float> %".555", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".557" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".556", <16 x float> %".539", <16 x float> %".478")
  %".558" = add i64 %".300", 2
  %".559" = mul i64 %".558", 16
  %".560" = add i64 0, %".559"
  %".561" = add i64 %".560", %".533"
  %".562" = getelementptr float, ptr %".200", i64 %".561"
  %".563" = load float, ptr %".562"
  %".564" = insertelement <1 x float> <float undef>, float %".563", i32 0
  %".565" = shufflevector <1 x float> %".564", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".566" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".565", <16 x float> %".539", <16 x float> %".487")
  %".567" = add i64 %".300", 3
  %".568" = mul i64 %".567", 16
  %".569" = add i64 0, %".568"
  %".570" = add i64 %".569", %".533"
  %".571" = getelementptr float, ptr %".200", i64 %".570"
  %".572" = load float, ptr %".571"
  %".573" = insertelement <1 x float> <float undef>, float %".572", i32 0
  %".574" = shufflevector <1 x float> %".573", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".575" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".574", <16 x float> %".539", <16 x float> %".496")
  %".576" = add i64 %".300", 4
  %".577" = mul i64 %".576", 16
  %".578" = add i64 0, %".577"
  %".579" = add i64 %".578", %".533"
  %".580" = getelementptr float, ptr %".200", i64 %".579"
  %".581" = load float, ptr %".580"
  %".582" = insertelement <1 x float> <float undef>, float %".581", i32 0
  %".583" = shufflevector <1 x float> %".582", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".584" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".583", <16 x float> %".539", <16 x float> %".505")
  %".585" = add i64 %".300", 5
  %".586" = mul i64 %".585", 16
  %".587" = add i64 0, %".586"
  %".588" = add i64 %".587", %".533"
  %".589" = getelementptr float, ptr %".200", i64 %".588"
  %".590" = load float, ptr %".589"
  %".591" = insertelement <1 x float> <float undef>, float %".590", i32 0
  %".592" = shufflevector <1 x float> %".591", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".593" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".592", <16 x float> %".539", <16 x float> %".514")
  %".594" = add i64 %".300", 6
  %".595" = mul i64 %".594", 16
  %".596" = add i64 0, %".595"
  %".597" = add i64 %".596", %".533"
  %".598" = getelementptr float, ptr %".200", i64 %".597"
  %".599" = load float, ptr %".598"
  %".600" = insertelement <1 x float> <float undef>, float %".599", i32 0
  %".601" = shufflevector <1 x float> %".600", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".602" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".601", <16 x float> %".539", <16 x float> %".523")
  %".603" = add i64 %".300", 7
  %".604" = mul i64 %".603", 16
  %".605" = add i64 0, %".604"
  %".606" = add i64 %".605", %".533"
  %".607" = getelementptr float, ptr %".200", i64 %".606"
  %".608" = load float, ptr %".607"
  %".609" = insertelement <1 x float> <float undef>, float %".608", i32 0
  %".610" = shufflevector <1 x float> %".609", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".611" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".610", <16 x float> %".539", <16 x float> %".532")
  %".612" = add i64 %".364", 3
  %".613" = mul i64 %".612", 16
  %".614" = add i64 0, %".613"
  %".615" = add i64 %".614", %".304"
  %".616" = add i64 %".615", 0
  %".617" = getelementptr float, ptr %".201", i64 %".616"
  %".618" = load <16 x float>, ptr %".617", align 4
  %".619" = add i64 %".300", 0
  %".620" = mul i64 %".619", 16
  %".621" = add i64 0, %".620"
  %".622" = add i64 %".621", %".612"
  %".623" = getelementptr float, ptr %".200", i64 %".622"
  %".624" = load float, ptr %".623"
  %".625" = insertelement <1 x float> <float undef>, float %".624", i32 0
  %".626" = shufflevector <1 x float> %".625", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".627" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".626", <16 x float> %".618", <16 x float> %".548")
  %".628" = add i64 %".300", 1
  %".629" = mul i64 %".628", 16
  %".630" = add i64 0, %".629"
  %".631" = add i64 %".630", %".612"
  %".632" = getelementptr float, ptr %".200", i64 %".631"
  %".633" = load float, ptr %".632"
  %".634" = insertelement <1 x float> <float undef>, float %".633", i32 0
  %".635" = shufflevector <1 x float> %".634", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".636" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".635", <16 x float> %".618", <16 x float> %".557")
  %".637" = add i64 %".300", 2
  %".638" = mul i64 %".637", 16
  %".639" = add i64 0, %".638"
  %".640" = add i64 %".639", %".612"
  %".641" = getelementptr float, ptr %".200", i64 %".640"
  %".642" = load float, ptr %".641"
  %".643" = insertelement <1 x float> <float undef>, float %".642", i32 0
  %".644" = shufflevector <1 x float> %".643", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".645" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".644", <16 x float> %".618", <16 x float> %".566")
  %".646" = add i64 %".300", 3
  %".647" = mul i64 %".646", 16
  %".648" = add i64 0, %".647"
  %".649" = add i64 %".648", %".612"
  %".650" = getelementptr float, ptr %".200", i64 %".649"
  %".651" = load float, ptr %".650"
  %".652" = insertelement <1 x float> <float undef>, float %".651", i32 0
  %".653" = shufflevector <1 x float> %".652", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".654" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".653", <16 x float> %".618", <16 x float> %".575")
  %".655" = add i64 %".300", 4
  %".656" = mul i64 %".655", 16
  %".657" = add i64 0, %".656"
  %".658" = add i64 %".657", %".612"
  %".659" = getelementptr float, ptr %".200", i64 %".658"
  %".660" = load float, ptr %".659"
  %".661" = insertelement <1 x float> <float undef>, float %".660", i32 0
  %".662" = shufflevector <1 x float> %".661", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".663" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".662", <16 x float> %".618", <16 x float> %".584")
  %".664" = add i64 %".300", 5
  %".665" = mul i64 %".664", 16
  %".666" = add i64 0, %".665"
  %".667" = add i64 %".666", %".612"
  %".668" = getelementptr float, ptr %".200", i64 %".667"
  %".669" = load float, ptr %".668"
  %".670" = insertelement <1 x float> <float undef>, float %".669", i32 0
  %".671" = shufflevector <1 x float> %".670", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".672" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".671", <16 x float> %".618", <16 x float> %".593")
  %".673" = add i64 %".300", 6
  %".674" = mul i64 %".673", 16
  %".675" = add i64 0, %".674"
  %".676" = add i64 %".675", %".612"
  %".677" = getelementptr float, ptr %".200", i64 %".676"
  %".678" = load float, ptr %".677"
  %".679" = insertelement <1 x float> <float undef>, float %".678", i32 0
  %".680" = shufflevector <1 x float> %".679", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".681" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".680", <16 x float> %".618", <16 x float> %".602")
  %".682" = add i64 %".300", 7
  %".683" = mul i64 %".682", 16
  %".684" = add i64 0, %".683"
  %".685" = add i64 %".684", %".612"
  %".686" = getelementptr float, ptr %".200", i64 %".685"
  %".687" = load float, ptr %".686"
  %".688" = insertelement <1 x float> <float undef>, float %".687", i32 0
  %".689" = shufflevector <1 x float> %".688", <1 x float> <float undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".690" = call <16 x float> @"llvm.fma.v16f32"(<16 x float> %".689", <16 x float> %".618", <16 x float> %".611")
  %".691" = add i64 %".364", 4
  br label %"loop.header.2", !llvm.loop !0
loop.exit.2:
  %".693" = add i64 %".300", 0
  %".694" = mul i64 %".693", 16
  %".695" = add i64 0, %".694"
  %".696" = add i64 %".695", %".304"
  %".697" = add i64 %".696", 0
  %".698" = getelementptr float, ptr %".266", i64 %".697"
  store <16 x float> %".365", ptr %".698", align 4
  %".700" = add i64 %".300", 1
  %".701" = mul i64 %".700", 16
  %".702" = add i64 0, %".701"
  %".703" = add i64 %".702", %".304"
  %".704" = add i64 %".703", 0
  %".705" = getelementptr float, ptr %".266", i64 %".704"
  store <16 x float> %".366", ptr %".705", align 4
  %".707" = add i64 %".300", 2
  %".708" = mul i64 %".707", 16
  %".709" = add i64 0, %".708"
  %".710" = add i64 %".709", %".304"
  %".711" = add i64 %".710", 0
  %".712" = getelementptr float, ptr %".266", i64 %".711"
  store <16 x float> %".367", ptr %".712", align 4
  %".714" = add i64 %".300", 3
  %".715" = mul i64 %".714", 16
  %".716" = add i64 0, %".715"
  %".717" = add i64 %".716", %".304"
  %".718" = add i64 %".717", 0
  %".719" = getelementptr float, ptr %".266", i64 %".718"
  store <16 x float> %".368", ptr %".719", align 4
  %".721" = add i64 %".300", 4
  %".722" = mul i64 %".721", 16
  %".723" = add i64 0, %".722"
  %".724" = add i64 %".723", %".304"
  %".725" = add i64 %".724", 0
  %".726" = getelementptr float, ptr %".266", i64 %".725"
  store <16 x float> %".369", ptr %".726", align 4
  %".728" = add i64 %".300", 5
  %".729" = mul i64 %".728", 16
  %".730" = add i64 0, %".729"
  %".731" = add i64 %".730", %".304"
  %".732" = add i64 %".731", 0
  %".733" = getelementptr float, ptr %".266", i64 %".732"
  store <16 x float> %".370", ptr %".733", align 4
  %".735" = add i64 %".300", 6
  %".736" = mul i64 %".735", 16
  %".737" = add i64 0, %".736"
  %".738" = add i64 %".737", %".304"
  %".739" = add i64 %".738", 0
  %".740" = getelementptr float, ptr %".266", i64 %".739"
  store <16 x float> %".371", ptr %".740", align 4
  %".742" = add i64 %".300", 7
  %".743" = mul i64 %".742", 16
  %".744" = add i64 0, %".743"
  %".745" = add i64 %".744", %".304"
  %".746" = add i64 %".745", 0
  %".747" = getelementptr float, ptr %".266", i64 %".746"
  store <16 x float> %".372", ptr %".747", align 4
  %".749" = add i64 %".304", 16
  br label %"loop.header.1", !llvm.loop !1
}

declare <16 x float> @"llvm.fma.v16f32"(<16 x float> %".1", <16 x float> %".2", <16 x float> %".3")

!0 = distinct !{!0, !9999999}
!1 = distinct !{!1, !9999999}
!2 = distinct !{!2, !9999999}
!9999999 = !{!"llvm.loop.unroll.disable"}
